// "Lowest since" / "highest since" from daily candles, and honesty about how far back the data goes.
import { describe, expect, it } from 'vitest';
import { extremeSince } from '../../src/analyse/extremes.ts';
import { fact } from '../../src/analyse/fact.ts';
import { defaultAnalysisOptions } from '../../src/analyse/options.ts';
import type { Candle } from '../../src/gather/types.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 1, 4, 12);
const opts = defaultAnalysisOptions.extremes;
const price = (v: number) => fact('BTC.price', 'BTC price', v, 'price', 'tickers', now)!;
/** Daily candles ending yesterday, lows and highs given per day (oldest first). */
function days(lows: number[], highs?: number[]): Candle[] {
  const start = Math.floor(now / DAY) * DAY - lows.length * DAY;
  return lows.map((l, i) => ({ t: start + i * DAY, o: l + 10, h: highs?.[i] ?? l + 20, l, c: l + 10, v: 1 }));
}

describe('extremeSince', () => {
  it('GIVEN a fall to a price last seen 20 days ago THEN it is the lowest since that day', () => {
    const lows = Array.from({ length: 40 }, (_, i) => (i === 19 ? 74_000 : 80_000));
    const d = days(lows);
    const e = extremeSince({ coin: 'BTC', price: price(76_831), direction: 'down', daily: d, dailySource: 'daily candles', now, opts })!;
    expect(e.kind).toBe('lowest');
    expect(e.since!.value).toBe(d[19]!.t);
    expect(e.since!.unit).toBe('date');
    expect(e.dataDays).toBeUndefined();
  });

  it('GIVEN a price lower than every day in the data THEN it says how many days of data there are, not a date', () => {
    const e = extremeSince({ coin: 'BTC', price: price(51_588), direction: 'down', daily: days([64_000, 62_000, 61_000, 57_000]), dailySource: 'daily candles', now, opts })!;
    expect(e.since).toBeUndefined();
    expect(e.dataDays!.value).toBe(4);
  });

  it('GIVEN the last lower day is only yesterday THEN nothing is said (not notable)', () => {
    expect(extremeSince({ coin: 'BTC', price: price(76_000), direction: 'down', daily: days([80_000, 80_000, 75_000]), dailySource: 'd', now, opts })).toBeUndefined();
  });

  it('GIVEN a rise THEN the highest since is measured on highs; GIVEN a flat day THEN nothing', () => {
    const highs = Array.from({ length: 30 }, (_, i) => (i === 5 ? 90_000 : 81_000));
    const d = days(Array(30).fill(79_000), highs);
    expect(extremeSince({ coin: 'BTC', price: price(85_000), direction: 'up', daily: d, dailySource: 'd', now, opts })!.since!.value).toBe(d[5]!.t);
    expect(extremeSince({ coin: 'BTC', price: price(85_000), direction: 'flat', daily: d, dailySource: 'd', now, opts })).toBeUndefined();
  });

  it('GIVEN fewer days than the minimum THEN no "in the N days" claim is made', () => {
    expect(extremeSince({ coin: 'BTC', price: price(1), direction: 'down', daily: days([5, 6]), dailySource: 'd', now, opts })).toBeUndefined();
  });
});
