// Open interest: level now, 24h and longest-span change in % and USD, summed over coins; stale data dropped.
import { describe, expect, it } from 'vitest';
import { openInterestFacts } from '../../src/analyse/open-interest.ts';
import type { OpenInterestPoint, Part } from '../../src/gather/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 1, 4, 12);
const MAX_AGE = 3 * HOUR;

function series(hours: number, usdAt: (hoursAgo: number) => number, lag = 0): Part<OpenInterestPoint[]> {
  const value: OpenInterestPoint[] = [];
  for (let h = hours; h >= lag; h--) value.push({ t: now - h * HOUR, usd: usdAt(h) });
  return { ok: true, source: 'Test fetchOpenInterestHistory', asOf: now - lag * HOUR, value };
}

describe('openInterestFacts', () => {
  it('GIVEN OI from $590.909B a day ago to $564.909B now, and -34% over 30 days THEN -4.4% / -$26B and -34% over a full month', () => {
    const total = (h: number) => (h === 0 ? 564.909e9 : h <= 24 ? 590.909e9 : 564.909e9 / 0.66);
    const oi = openInterestFacts({
      coins: ['BTC', 'ETH'],
      parts: { BTC: series(720, (h) => total(h) * 0.6), ETH: series(720, (h) => total(h) * 0.4) },
      now,
      maxAgeMs: MAX_AGE,
      gaps: [],
    })!;
    expect(oi.now.value).toBeCloseTo(564.909e9, -3);
    expect(oi.change24hPct!.value).toBeCloseTo(-4.4, 3);
    expect(oi.change24hUsd!.value).toBeCloseTo(-26e9, -3);
    expect(oi.changeLongPct!.value).toBeCloseTo(-34, 6);
    expect(oi.longSpanDays!.value).toBe(30);
    expect(oi.fullMonth).toBe(true);
    expect(oi.coins).toEqual(['BTC', 'ETH']);
    expect(oi.change24hPct!.source).toBe('computed from Test fetchOpenInterestHistory');
  });

  it('GIVEN only five days of history THEN the long change covers five days and is not called a month', () => {
    const oi = openInterestFacts({
      coins: ['BTC'],
      parts: { BTC: series(5 * 24, (h) => 1e9 + h * 1e6) },
      now,
      maxAgeMs: MAX_AGE,
      gaps: [],
    })!;
    expect(oi.longSpanDays!.value).toBe(5);
    expect(oi.fullMonth).toBe(false);
  });

  it('GIVEN a stale series THEN that coin is dropped and the gap recorded', () => {
    const gaps: string[] = [];
    const oi = openInterestFacts({
      coins: ['BTC', 'ETH'],
      parts: { BTC: series(48, () => 1e9), ETH: series(48, () => 1e9, 10) },
      now,
      maxAgeMs: MAX_AGE,
      gaps,
    })!;
    expect(oi.coins).toEqual(['BTC']);
    expect(gaps).toEqual(['ETH open interest: stale']);
  });

  it('GIVEN zero, negative and NaN points, or a missing part THEN they are ignored; nothing valid gives no facts', () => {
    const bad: Part<OpenInterestPoint[]> = {
      ok: true,
      source: 's',
      asOf: now,
      value: [
        { t: now, usd: 0 },
        { t: now - HOUR, usd: -5 },
        { t: now - 2 * HOUR, usd: NaN },
      ],
    };
    const gaps: string[] = [];
    expect(
      openInterestFacts({
        coins: ['BTC', 'ETH'],
        parts: { BTC: bad, ETH: { ok: false, source: 's', reason: 'HTTP 429' } },
        now,
        maxAgeMs: MAX_AGE,
        gaps,
      }),
    ).toBeUndefined();
    expect(gaps).toEqual(['BTC open interest: no valid points', 'ETH open interest: HTTP 429']);
  });

  it('GIVEN less than a day of history THEN there is a level but no 24h change', () => {
    const oi = openInterestFacts({
      coins: ['BTC'],
      parts: { BTC: series(10, () => 2e9) },
      now,
      maxAgeMs: MAX_AGE,
      gaps: [],
    })!;
    expect(oi.now.value).toBe(2e9);
    expect(oi.change24hPct).toBeUndefined();
    expect(oi.changeLongPct).toBeUndefined();
    void DAY;
  });
});
