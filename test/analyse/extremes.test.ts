// "Lowest since" / "highest since" measured on intraday lows and highs (today's wick included), from the finest
// candles available (hourly, then daily before them), and honesty about how far back the data goes.
import { describe, expect, it } from 'vitest';
import { dayRangeFacts } from '../../src/analyse/day-range.ts';
import { extremeSince } from '../../src/analyse/extremes.ts';
import { fact } from '../../src/analyse/fact.ts';
import { defaultAnalysisOptions } from '../../src/analyse/options.ts';
import { pricePath } from '../../src/analyse/price-path.ts';
import type { Candle } from '../../src/gather/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2025, 9, 10, 22);
const opts = defaultAnalysisOptions.extremes;

/** Hourly candles ending at `now`, flat at `level` except where `wick` puts a low (or high). */
function hours(n: number, level: number, wicks: Record<number, { l?: number; h?: number }> = {}): Candle[] {
  return Array.from({ length: n }, (_, i) => {
    const t = now - (n - i) * HOUR;
    const w = wicks[n - i] ?? {};
    return { t, o: level, h: w.h ?? level + 50, l: w.l ?? level - 50, c: level, v: 1 };
  });
}
/** Daily candles ending where the hourly ones begin, lows given (oldest first). */
function days(before: number, lows: number[], highs?: number[]): Candle[] {
  return lows.map((l, i) => ({
    t: before - (lows.length - i) * DAY,
    o: l + 10,
    h: highs?.[i] ?? l + 20,
    l,
    c: l + 10,
    v: 1,
  }));
}
const price = (v: number) => fact('BTC.price', 'BTC price', v, 'price', 'tickers', now)!;

function run(hourly: Candle[], daily: Candle[], p: number, direction: 'down' | 'up' | 'flat') {
  const path = pricePath([{ candles: hourly, ms: HOUR, source: 'hourly candles' }]);
  const dayRange = dayRangeFacts({ coin: 'BTC', path, price: price(p) })!;
  return extremeSince({
    coin: 'BTC',
    direction,
    dayRange,
    hourly,
    hourlySource: 'hourly candles',
    daily,
    dailySource: 'daily candles',
    now,
    opts,
  });
}

describe('extremeSince', () => {
  it('GIVEN an hour-long wick to a low not traded for months, the price back up an hour later THEN the low is measured, not the close (the 10 October bug)', () => {
    // 30 days of hourly candles at 113,000; the wick to 101,516 came two hours ago; daily history before that.
    const hourly = hours(30 * 24, 113_000, { 2: { l: 101_516 } });
    // The last daily low under 101,516 was 23 June; a daily low of 108,000 on 30 September is above the wick.
    const daily = days(
      hourly[0]!.t,
      Array.from({ length: 200 }, (_, i) => (i === 90 ? 98_000 : i === 199 ? 108_000 : 115_000)),
    );
    const e = run(hourly, daily, 113_254, 'down')!;
    expect(e.kind).toBe('lowest');
    expect(e.price.value).toBe(101_516);
    expect(e.since!.value).toBe(daily[90]!.t);
    expect(e.since!.source).toBe('computed from daily candles');
  });

  it("GIVEN an earlier hourly low under the day's low THEN that hour's day is the date, from the hourly candles", () => {
    const hourly = hours(30 * 24, 80_000, { 3: { l: 76_000 }, 400: { l: 75_500 } });
    const e = run(hourly, [], 79_000, 'down')!;
    expect(e.since!.value).toBe(hourly[hourly.length - 400]!.t);
    expect(e.since!.source).toBe('computed from hourly candles');
  });

  it('GIVEN a low under everything in the data THEN it says how many days of data there are, not a date', () => {
    const hourly = hours(30 * 24, 60_000, { 5: { l: 49_000 } });
    const e = run(hourly, days(hourly[0]!.t, [64_000, 62_000, 61_000, 57_000]), 52_000, 'down')!;
    expect(e.since).toBeUndefined();
    expect(e.dataDays!.value).toBe(34);
  });

  it('GIVEN the last lower low is only a few days old THEN nothing is said (not notable)', () => {
    const hourly = hours(30 * 24, 80_000, { 3: { l: 76_000 }, 60: { l: 75_000 } });
    expect(run(hourly, [], 79_000, 'down')).toBeUndefined();
  });

  it('GIVEN a rise THEN highs are measured; GIVEN a flat day with a record high THEN the record is still reported', () => {
    const hourly = hours(30 * 24, 70_000, { 4: { h: 73_881 }, 500: { h: 73_000 } });
    const up = run(hourly, days(hourly[0]!.t, [60_000, 61_000, 62_000]), 73_000, 'up')!;
    expect(up.kind).toBe('highest');
    expect(up.dataDays!.value).toBe(33);
    const flat = run(hourly, days(hourly[0]!.t, [60_000, 61_000, 62_000]), 70_000, 'flat')!;
    expect(flat.kind).toBe('highest');
    expect(flat.price.value).toBe(73_881);
    const notRecord = hours(30 * 24, 70_000, { 4: { h: 72_000 }, 500: { h: 73_000 } });
    expect(run(notRecord, [], 70_000, 'flat')).toBeUndefined();
  });

  it('GIVEN fewer days than the minimum THEN no "in the N days" claim is made', () => {
    const hourly = hours(30, 60_000, { 2: { l: 50_000 } });
    expect(run(hourly, [], 55_000, 'down')).toBeUndefined();
  });
});
