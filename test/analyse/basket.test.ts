// The market basket: equal weights by default, configured weights, missing coins left out and named.
import { describe, expect, it } from 'vitest';
import { basketChange } from '../../src/analyse/basket.ts';
import { fact } from '../../src/analyse/fact.ts';

const ch = (coin: string, v: number) =>
  fact(`${coin}.change24h`, `${coin} change`, v, 'pct', 'Test fetchTickers', 1000)!;

describe('basketChange', () => {
  it('GIVEN the five reference coins THEN the equal-weighted change is their mean and the coins are listed', () => {
    const b = basketChange(
      ['BTC', 'ETH', 'BNB', 'SOL', 'XRP'],
      { BTC: ch('BTC', -2), ETH: ch('ETH', -6), BNB: ch('BNB', -3), SOL: ch('SOL', -3), XRP: ch('XRP', -4.3) },
      undefined,
    )!;
    expect(b.change24h.value).toBeCloseTo(-3.66, 10);
    expect(b.coins).toEqual(['BTC', 'ETH', 'BNB', 'SOL', 'XRP']);
    expect(b.equalWeights).toBe(true);
    expect(b.change24h.source).toContain('equal-weighted BTC, ETH, BNB, SOL, XRP');
  });

  it('GIVEN configured weights THEN the change is weighted and says so', () => {
    const b = basketChange(['BTC', 'ETH'], { BTC: ch('BTC', -2), ETH: ch('ETH', -6) }, { BTC: 3, ETH: 1 })!;
    expect(b.change24h.value).toBeCloseTo(-3, 10);
    expect(b.weights).toEqual({ BTC: 0.75, ETH: 0.25 });
    expect(b.equalWeights).toBe(false);
  });

  it('GIVEN a coin without a change THEN it is left out, named as missing, and the rest are renormalised', () => {
    const b = basketChange(['BTC', 'ETH', 'SOL'], { BTC: ch('BTC', -2), SOL: ch('SOL', -4) }, undefined)!;
    expect(b.change24h.value).toBeCloseTo(-3, 10);
    expect(b.missing).toEqual(['ETH']);
  });

  it('GIVEN no coin with a change THEN there is no basket', () => {
    expect(basketChange(['BTC'], {}, undefined)).toBeUndefined();
  });
});
