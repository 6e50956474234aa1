// The written rule for comparing with history on fewer venues (DESIGN 4f), on hand-made records: the venues of the
// newest round are compared on their own once their record is 30 days long; before that, the widest subset of them
// whose records are that long stands in, only while it holds a third of today's open interest; a backfilled day
// never replaces a recorded one.
import { describe, expect, it } from 'vitest';
import { leverageHistory } from '../../src/gather/market-leverage/source.ts';
import type { DayRow, VenueSample } from '../../src/store/market-history/store.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 9, 10, 21, 0);
const TODAY = Math.floor(NOW / DAY);

const sample = (venue: string, oiUsd: number): VenueSample => ({
  venue,
  at: NOW,
  oiUsd,
  fundingSum: 0,
  fundingWeight: 0,
  markets: 2,
});
const close = (venue: string, daysAgo: number, value: number, metric: 'oi.close' | 'oi.hist' = 'oi.hist'): DayRow => ({
  metric,
  venue,
  day: TODAY - daysAgo,
  value,
  weight: 0,
  at: (TODAY - daysAgo + 1) * DAY,
});
/** `venue`'s closes from `n` days ago to yesterday, all `value`. */
const closes = (venue: string, n: number, value: number) =>
  Array.from({ length: n }, (_, i) => close(venue, n - i, value));

describe('which venues a day is compared on', () => {
  const round = [sample('binanceusdm', 30e9), sample('bybit', 20e9), sample('hyperliquid', 50e9)];

  it('GIVEN two venues with 40 days (half the open interest) and one with none THEN those two stand in', () => {
    const h = leverageHistory(round, [...closes('binanceusdm', 40, 30e9), ...closes('bybit', 40, 20e9)], ['BTC'], NOW)!;
    expect(h.venues).toEqual(['binanceusdm', 'bybit', 'hyperliquid']);
    expect(h.days.filter((d) => d.oiClose !== undefined)).toEqual([]);
    expect(h.standIn!.venues).toEqual(['binanceusdm', 'bybit']);
    expect(h.standIn!.share).toBeCloseTo(0.5, 12);
    expect(h.standIn!.rounds).toEqual([{ at: NOW, oiUsd: 50e9 }]);
    expect(h.standIn!.days).toHaveLength(40);
    expect(h.standIn!.days[0]).toEqual({ day: (TODAY - 40) * DAY, oiClose: 50e9 });
  });

  it('GIVEN only Bybit with a long record (a fifth of the open interest) THEN nothing stands in', () => {
    const h = leverageHistory(
      round,
      [...closes('bybit', 400, 20e9), ...closes('binanceusdm', 20, 30e9)],
      ['BTC'],
      NOW,
    )!;
    expect(h.standIn).toBeUndefined();
  });

  it('GIVEN every venue with 30 days THEN all are compared together and nothing stands in', () => {
    const rows = ['binanceusdm', 'bybit', 'hyperliquid'].flatMap((v) => closes(v, 29, 10e9));
    const h = leverageHistory(round, [...rows, ...closes('bybit', 400, 20e9)], ['BTC'], NOW)!;
    expect(h.standIn).toBeUndefined();
    expect(h.days.filter((d) => d.oiClose !== undefined)).toHaveLength(29);
  });

  it('GIVEN a recorded close and a backfilled one of the same venue and day THEN the recorded one counts', () => {
    const h = leverageHistory(
      [sample('bybit', 20e9)],
      [close('bybit', 1, 19e9, 'oi.close'), close('bybit', 1, 18e9, 'oi.hist')],
      ['BTC'],
      NOW,
    )!;
    expect(h.days).toEqual([{ day: (TODAY - 1) * DAY, oiClose: 19e9 }]);
  });
});
