// Preparing the chart's series: bad candles dropped, long series merged into wider candles with correct OHLC,
// liquidation bars summed into the drawn buckets with empty buckets left empty (not zero).
import { describe, expect, it } from 'vitest';
import { bucketLiquidations, drawInterval, mergeCandles, usableCandles } from '../../src/chart/series.ts';
import type { Candle } from '../../src/chart/types.ts';

const HOUR = 3_600_000;
const candle = (i: number, o: number, h: number, l: number, c: number): Candle => ({ t: i * HOUR, o, h, l, c, v: 1 });

describe('usableCandles', () => {
  it('drops candles with missing, non-finite or impossible prices and sorts by time', () => {
    const got = usableCandles([
      candle(2, 3, 4, 2, 3),
      candle(0, 1, 2, 0.5, 1.5),
      candle(1, Number.NaN, 2, 1, 1),
      candle(3, 0, 1, 0, 1),
      candle(4, 2, 1, 3, 2),
    ]);
    expect(got.map((c) => c.t / HOUR)).toEqual([0, 2]);
  });
});

describe('mergeCandles and drawInterval', () => {
  it('keeps a week of hourly candles as they are', () => {
    const week = Array.from({ length: 7 * 24 }, (_, i) => candle(i, 10, 11, 9, 10));
    expect(drawInterval(week)).toBe(HOUR);
  });

  it('merges a month of hourly candles into 4-hour candles with the right open, high, low and close', () => {
    const month = Array.from({ length: 30 * 24 }, (_, i) => candle(i, 100 + i, 100 + i + 5, 100 + i - 5, 100 + i + 1));
    expect(drawInterval(month)).toBe(4 * HOUR);
    const merged = mergeCandles(month, 4 * HOUR);
    expect(merged).toHaveLength(180);
    expect(merged[1]).toEqual({ t: 4 * HOUR, o: 104, h: 112, l: 99, c: 108, v: 4 });
  });
});

describe('bucketLiquidations', () => {
  it('sums bars into their candle bucket and leaves buckets without bars empty', () => {
    const times = [0, 4 * HOUR, 8 * HOUR];
    const got = bucketLiquidations(
      [
        { t: 0, longsUsd: 1e6, shortsUsd: 2e5 },
        { t: 1 * HOUR, longsUsd: 3e6, shortsUsd: 0 },
        { t: 9 * HOUR, longsUsd: Number.NaN, shortsUsd: 1 },
        { t: 40 * HOUR, longsUsd: 5e6, shortsUsd: 5e6 },
      ],
      times,
      4 * HOUR,
    );
    expect(got).toEqual([{ longsUsd: 4e6, shortsUsd: 2e5 }, undefined, undefined]);
  });
});
