// Property tests of issue 22 point 1 (one price path): over generated minute-level markets cut into mixed
// resolutions (one- or five-minute candles for the recent hours, hourly before them, daily before that), the price
// lies inside the day's stated range, the low (high) is the true minimum (maximum) of the day's finest data, and the
// leg and the fastest stretch agree with the candles and with each other.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { closeOf, pathWindow, pricePath, burstLimitMs } from '../../src/analyse/price-path.ts';
import { mergeCandles } from '../../src/gather/merge-candles.ts';
import type { Candle, MarketSnapshot } from '../../src/gather/types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 9, 1);

/** A minute-level random walk with jumps (a crash wick), as candles. */
function minutes(start: number, steps: number[], n: number, jumpAt: number, jump: number): Candle[] {
  const out: Candle[] = [];
  let p = start;
  for (let i = 0; i < n; i++) {
    const o = p;
    const step = steps[i % steps.length]! + (i === jumpAt ? jump : 0) + (i === jumpAt + 7 ? -jump * 0.8 : 0);
    const c = Math.min(1e6, Math.max(1, o * (1 + step)));
    const wick = Math.abs(steps[(i * 7) % steps.length]!) * o;
    out.push({ t: T0 + i * MINUTE, o, h: Math.max(o, c) + wick, l: Math.max(0.5, Math.min(o, c) - wick), c, v: 1 });
    p = c;
  }
  return out;
}

/** A replay-like or live-like snapshot at `at`: fine candles over the last `fineHours`, hourly and daily closed. */
function snapshot(all: Candle[], at: number, fineMs: number, fineHours: number, tickerExtra: number): MarketSnapshot {
  const closed = (cs: Candle[], ms: number) => cs.filter((c) => c.t + ms <= at);
  const fine = closed(mergeCandles(all, fineMs), fineMs).filter((c) => c.t >= at - fineHours * HOUR);
  const hourly = closed(mergeCandles(all, HOUR), HOUR).filter((c) => c.t >= at - 30 * DAY);
  const daily = closed(mergeCandles(all, DAY), DAY);
  const lastClose = all.filter((c) => c.t + MINUTE <= at).at(-1)!.c;
  // Live, the ticker's price is newer than the last closed candle and may lie beyond its range.
  const price = lastClose * (1 + tickerExtra);
  const part = <T>(value: T, source: string, intervalMs?: number) => ({
    ok: true as const,
    value,
    source,
    asOf: at,
    ...(intervalMs ? { coverage: { intervalMs, from: at - fineHours * HOUR, to: at, gaps: [] } } : {}),
  });
  return {
    builtAt: at,
    exchange: 'binanceusdm',
    exchangeName: 'Binance USD-M',
    coins: ['BTC'],
    tickers: part({ BTC: { coin: 'BTC', symbol: 'BTC/USDT:USDT', price, at } }, 'tickers'),
    hourly: { BTC: part(hourly, 'hourly candles') },
    daily: { BTC: part(daily, 'daily candles') },
    fine: { BTC: part(fine, 'fine candles', fineMs) },
    openInterest: { BTC: { ok: false, source: 'oi', reason: 'none' } },
    funding: { ok: false, source: 'funding', reason: 'none' },
  };
}

const marketArb = fc.record({
  start: fc.double({ min: 100, max: 120_000, noNaN: true }),
  steps: fc.array(fc.double({ min: -0.004, max: 0.004, noNaN: true }), { minLength: 5, maxLength: 50 }),
  days: fc.integer({ min: 2, max: 6 }),
  jump: fc.double({ min: -0.15, max: 0.15, noNaN: true }),
  jumpBack: fc.integer({ min: 0, max: 20 * 60 }),
  cutMinute: fc.integer({ min: 0, max: 59 }),
  fineMs: fc.constantFrom(MINUTE, 5 * MINUTE),
  fineHours: fc.constantFrom(2, 4, 24),
  tickerExtra: fc.constantFrom(0, 0, -0.02, 0.02),
});

describe('GIVEN a market of minute candles seen through mixed resolutions', () => {
  it('THEN the price lies inside the range, the low and high are the true extremes, and the leg and fastest stretch agree', () => {
    fc.assert(
      fc.property(marketArb, (g) => {
        const n = g.days * 24 * 60;
        const all = minutes(g.start, g.steps, n, Math.max(0, n - g.jumpBack - 30), g.jump);
        const at = T0 + (n - 60) * MINUTE + g.cutMinute * MINUTE;
        const facts = analyseMarket(snapshot(all, at, g.fineMs, g.fineHours, g.tickerExtra), { now: at });
        const r = facts.dayRange!;
        const price = facts.focus.price!.value;
        expect(r.low.value).toBeLessThanOrEqual(price);
        expect(r.high.value).toBeGreaterThanOrEqual(price);
        // The true extremes: every minute that closed in the 24 hours before the data's end (and a coarser candle
        // straddling the window's start), with the price itself.
        const end = r.window.span.to;
        const seen = all.filter((c) => c.t + MINUTE <= end && c.t + MINUTE > end - DAY - HOUR);
        const inDay = all.filter((c) => c.t >= end - DAY && c.t + MINUTE <= end);
        const trueLow = Math.min(...inDay.map((c) => c.l), price);
        const trueHigh = Math.max(...inDay.map((c) => c.h), price);
        expect(r.low.value).toBeLessThanOrEqual(trueLow);
        expect(r.high.value).toBeGreaterThanOrEqual(trueHigh);
        // ...and nothing beyond the data the window reads (at most one coarse candle before its start).
        expect(r.low.value).toBeGreaterThanOrEqual(Math.min(...seen.map((c) => c.l), price));
        expect(r.high.value).toBeLessThanOrEqual(Math.max(...seen.map((c) => c.h), price));
        // The finest candles reach the data's end: the low made in the recent hours is known to the minute.
        if (r.lowMs > 0 && r.lowAt.value >= end - (g.fineHours - 1) * HOUR) expect(r.lowMs).toBe(g.fineMs);
        const leg = facts.pace?.leg;
        if (leg) {
          const down = facts.direction === 'down';
          expect(leg.size.value).toBeCloseTo(Math.abs(leg.to.value - leg.from.value), 6);
          expect(leg.start.value).toBeLessThan(leg.end.value);
          expect(leg.end.value).toBeLessThanOrEqual(end);
          // The leg's prices were traded; its far end is inside the day's range.
          if (down) expect(leg.to.value).toBeGreaterThanOrEqual(r.low.value);
          else expect(leg.to.value).toBeLessThanOrEqual(r.high.value);
          // The fastest stretch is part of the day's move: no larger than the leg, no longer than its limit.
          expect(leg.burstSize.value).toBeLessThanOrEqual(leg.size.value + 1e-6);
          const span = leg.burstSize.span!;
          expect(span.to - span.from).toBeLessThanOrEqual(Math.max(burstLimitMs(g.fineMs), burstLimitMs(HOUR)));
          expect(span.to).toBeLessThanOrEqual(end);
        }
      }),
      { numRuns: 120 },
    );
  });
});

describe('pricePath', () => {
  const c = (t: number, l: number): Candle => ({ t, o: l + 1, h: l + 2, l, c: l + 1, v: 1 });
  it('GIVEN minute candles starting mid-hour THEN the hour that holds their start is read whole, and no time is counted twice', () => {
    const hourly = [c(0, 100), c(HOUR, 90), c(2 * HOUR, 95)];
    const fine = Array.from({ length: 90 }, (_, i) => c(HOUR + 30 * MINUTE + i * MINUTE, 96));
    const p = pricePath([
      { candles: hourly, ms: HOUR, source: 'h' },
      { candles: fine, ms: MINUTE, source: 'm' },
    ]);
    expect(p.slice(0, 2).map((x) => [x.t, x.ms])).toEqual([
      [0, HOUR],
      [HOUR, HOUR],
    ]);
    expect(p[2]).toMatchObject({ t: 2 * HOUR, ms: MINUTE, source: 'm' });
    for (let i = 1; i < p.length; i++) expect(p[i]!.t).toBe(closeOf(p[i - 1]!));
    expect(pathWindow(p, closeOf(p.at(-1)!), HOUR)!.full).toBe(true);
  });
  it('GIVEN finer candles that stopped early THEN the coarser candles after them are still read', () => {
    const p = pricePath([
      { candles: [c(0, 100), c(HOUR, 90), c(2 * HOUR, 80)], ms: HOUR, source: 'h' },
      { candles: [c(0, 101), c(MINUTE, 99)], ms: MINUTE, source: 'm' },
    ]);
    expect(p.map((x) => x.source)).toEqual(['m', 'm', 'h', 'h']);
    expect(pathWindow(p, 3 * HOUR, 3 * HOUR)!.full).toBe(false);
  });
  it('GIVEN hourly candles wholly inside one daily candle, with hours missing at both ends THEN the hours are read, not the day', () => {
    // a replay's daily candle is built from the hourly file: it would claim the 00:00 and 22:00-24:00 hours too
    const hourly = Array.from({ length: 21 }, (_, i) => c((i + 1) * HOUR, 100));
    const p = pricePath([
      { candles: hourly, ms: HOUR, source: 'h' },
      { candles: [c(0, 99)], ms: 24 * HOUR, source: 'd' },
    ]);
    expect(p.every((x) => x.source === 'h')).toBe(true);
    expect(closeOf(p.at(-1)!)).toBe(22 * HOUR);
    expect(pathWindow(p, 24 * HOUR, 24 * HOUR)!.full).toBe(false);
  });
});

describe('GIVEN the 10 October 2025 shape: a minute wick inside the hour still open at 21:30 UTC', () => {
  // Hourly candles near $113,000 until 21:00; minutes from 21:00 fall to $102,497 at 21:20 and recover to $109,624.
  const at = Date.UTC(2025, 9, 10, 21, 30);
  const h0 = Date.UTC(2025, 9, 10, 21);
  const flat = (t: number): Candle => ({ t, o: 113_000, h: 113_400, l: 112_787, c: 113_000, v: 1 });
  const hourly = Array.from({ length: 30 * 24 }, (_, i) => flat(h0 - (30 * 24 - i) * HOUR));
  const fine = Array.from({ length: 24 * 60 }, (_, i): Candle => {
    const t = at - (24 * 60 - i) * MINUTE;
    const k = (t - h0) / MINUTE; // minutes since 21:00
    if (k < 0) return { t, o: 113_000, h: 113_010, l: 112_990, c: 113_000, v: 1 };
    if (k < 20)
      return {
        t,
        o: 113_000 - k * 500,
        h: 113_000 - k * 500 + 10,
        l: 113_000 - (k + 1) * 500,
        c: 113_000 - (k + 1) * 500,
        v: 1,
      };
    if (k === 20) return { t, o: 103_000, h: 103_100, l: 102_497, c: 103_200, v: 1 };
    const o = 103_200 + (k - 21) * 714;
    const c = k === 29 ? 109_624 : o + 714;
    return { t, o, h: Math.max(o, c) + 5, l: Math.min(o, c) - 5, c, v: 1 };
  });
  const part = <T>(value: T, source: string, intervalMs?: number) => ({
    ok: true as const,
    value,
    source,
    asOf: at,
    ...(intervalMs ? { coverage: { intervalMs, from: at - DAY, to: at, gaps: [] } } : {}),
  });
  const snap: MarketSnapshot = {
    builtAt: at,
    exchange: 'replay',
    exchangeName: 'Binance USD-M futures',
    coins: ['BTC'],
    // A replay's ticker is the last minute close.
    tickers: part({ BTC: { coin: 'BTC', symbol: 'BTC/USDT:USDT', price: 109_624, changePct: -3, at } }, 'tickers'),
    hourly: { BTC: part(hourly, 'hourly candles') },
    daily: { BTC: part(mergeCandles(hourly, DAY).slice(0, -1), 'daily candles') },
    fine: { BTC: part(fine, 'minute candles', MINUTE) },
    openInterest: { BTC: { ok: false, source: 'oi', reason: 'none' } },
    funding: { ok: false, source: 'funding', reason: 'none' },
  };
  it('THEN the low is the minute low, the price lies inside the range, and the last hour reads as a bounce', () => {
    const facts = analyseMarket(snap, { now: at });
    expect(facts.dayRange!.low.value).toBe(102_497);
    expect(facts.dayRange!.lowAt.value).toBe(Date.UTC(2025, 9, 10, 21, 20));
    expect(facts.dayRange!.lowMs).toBe(MINUTE);
    expect(facts.dayRange!.window.full).toBe(true);
    expect(facts.pace?.recent?.state).toBe('bouncing');
    // The fastest stretch is stated at the minute: from the 21:00 high into the 21:20 low, 21 minutes.
    const leg = facts.pace!.leg!;
    expect(leg.burstSize.value).toBe(113_010 - 102_497);
    expect(leg.peakHour.value).toBe(h0);
    expect(leg.burstDuration).toMatchObject({ unit: 'minutes', value: { value: 21 } });
  });
});
