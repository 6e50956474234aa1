// Drivers: each candidate scored from its facts, ranked, weak ones dropped; no cause from missing data.
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/analyse.ts';
import { referenceSnapshot } from '../helpers/reference-snapshot.ts';

describe('rankDrivers (through analyseMarket)', () => {
  it("GIVEN the reference snapshot THEN leverage, liquidations, alt stress, fear and funding are drivers, ranked by score; a holder's paper loss is not", () => {
    const f = analyseMarket(referenceSnapshot());
    const ids = f.drivers.map((d) => d.id);
    expect(ids).toEqual(
      expect.arrayContaining(['leverage-unwind', 'liquidation-cascade', 'alt-stress', 'sentiment', 'negative-funding']),
    );
    expect(ids).not.toContain('holder-stress');
    const scores = f.drivers.map((d) => d.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(f.withinNormal).toBe(false);
    const cascade = f.drivers.find((d) => d.id === 'liquidation-cascade')!;
    expect(cascade.factIds).toContain('liq.24h.baselineRatio');
  });

  it('GIVEN the same snapshot without liquidations, open interest, funding, sentiment or holders THEN none of those drivers appear', () => {
    const s = referenceSnapshot({
      liquidations: undefined,
      sentiment: undefined,
      holders: undefined,
      funding: { ok: false, source: 'f', reason: 'HTTP 429' },
    });
    for (const c of s.coins) s.openInterest[c] = { ok: false, source: 'oi', reason: 'HTTP 500' };
    const ids = analyseMarket(s).drivers.map((d) => d.id);
    for (const gone of ['liquidation-cascade', 'leverage-unwind', 'negative-funding', 'sentiment'])
      expect(ids).not.toContain(gone);
  });

  it('GIVEN a stricter minimum score THEN weak drivers are dropped', () => {
    const all = analyseMarket(referenceSnapshot()).drivers;
    const strict = analyseMarket(referenceSnapshot(), { drivers: { minScore: 0.6 } }).drivers;
    expect(strict.length).toBeLessThan(all.length);
    expect(strict.every((d) => d.score >= 0.6)).toBe(true);
  });
});
