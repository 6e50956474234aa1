// Funding: mean per 8h in percent, negative count, interval normalisation, stale and absurd rates dropped.
import { describe, expect, it } from 'vitest';
import { fundingFacts } from '../../src/analyse/funding.ts';
import type { FundingRate, Part } from '../../src/gather/types.ts';

const now = Date.UTC(2026, 1, 4, 12);
const rate = (coin: string, r: number, at = now, intervalHours?: number): FundingRate => ({
  coin,
  symbol: `${coin}/USDT:USDT`,
  rate: r,
  intervalHours,
  at,
});
const part = (...rates: FundingRate[]): Part<Record<string, FundingRate>> => ({
  ok: true,
  source: 'Test fetchFundingRates',
  asOf: now,
  value: Object.fromEntries(rates.map((r) => [r.coin, r])),
});
const MAX_AGE = 12 * 3_600_000;

describe('fundingFacts', () => {
  it('GIVEN three of five markets negative THEN the count and the mean (in percent per 8h) are right', () => {
    const f = fundingFacts({
      coins: ['BTC', 'ETH', 'BNB', 'SOL', 'XRP'],
      part: part(
        rate('BTC', -0.00003),
        rate('ETH', -0.00008),
        rate('BNB', 0.00005),
        rate('SOL', -0.00012),
        rate('XRP', 0.0001),
      ),
      now,
      maxAgeMs: MAX_AGE,
      gaps: [],
    })!;
    expect(f.negativeCount.value).toBe(3);
    expect(f.marketCount.value).toBe(5);
    expect(f.mean.value).toBeCloseTo(-0.0016, 10);
    expect(f.negativeCoins).toEqual(['BTC', 'ETH', 'SOL']);
  });

  it('GIVEN a 4-hour funding interval THEN the rate is doubled to its 8-hour equivalent', () => {
    const f = fundingFacts({
      coins: ['SOL'],
      part: part(rate('SOL', 0.0001, now, 4)),
      now,
      maxAgeMs: MAX_AGE,
      gaps: [],
    })!;
    expect(f.perCoin.SOL!.value).toBeCloseTo(0.02, 10);
  });

  it('GIVEN a stale, an absurd and a NaN rate THEN only the sane fresh one counts', () => {
    const f = fundingFacts({
      coins: ['BTC', 'ETH', 'SOL', 'XRP'],
      part: part(rate('BTC', 0.0001), rate('ETH', -0.0001, now - 2 * MAX_AGE), rate('SOL', 5), rate('XRP', NaN)),
      now,
      maxAgeMs: MAX_AGE,
      gaps: [],
    })!;
    expect(f.marketCount.value).toBe(1);
    expect(Object.keys(f.perCoin)).toEqual(['BTC']);
  });

  it('GIVEN funding that failed to fetch THEN no facts and the reason is recorded', () => {
    const gaps: string[] = [];
    expect(
      fundingFacts({
        coins: ['BTC'],
        part: { ok: false, source: 's', reason: 'HTTP 500' },
        now,
        maxAgeMs: MAX_AGE,
        gaps,
      }),
    ).toBeUndefined();
    expect(gaps).toEqual(['funding: HTTP 500']);
  });
});
