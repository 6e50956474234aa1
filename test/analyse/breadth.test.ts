// Breadth across perpetual markets and cross-asset references (tokenized gold), and the cross-asset driver.
import { describe, expect, it } from 'vitest';
import { analyseCoin, analyseMarket } from '../../src/analyse/index.ts';
import { breadthFacts } from '../../src/analyse/breadth.ts';
import type { MarketBreadth, Part } from '../../src/gather/types.ts';
import { referenceSnapshot, REFERENCE_NOW } from '../helpers/reference-snapshot.ts';

const now = REFERENCE_NOW;
const MAX_AGE = 15 * 60_000;
const gold = (changePct: number, at = now) => ({
  PAXG: { base: 'PAXG', label: 'tokenized gold (PAXG)', symbol: 'PAXG/USDT:USDT', price: 4850, changePct, at },
});
const part = (v: Partial<MarketBreadth>, asOf = now): Part<MarketBreadth> => ({
  ok: true,
  source: 'Test fetchTickers',
  asOf,
  value: { markets: 480, down: 431, up: 49, downSharePct: 89.8, medianChangePct: -4.1, references: {}, ...v },
});

describe('breadthFacts', () => {
  it('GIVEN 431 of 480 markets down THEN counts, a 90% share and the median are facts', () => {
    const b = breadthFacts(part({}), now, MAX_AGE, [])!;
    expect([b.markets!.value, b.down!.value, b.up!.value]).toEqual([480, 431, 49]);
    expect(b.downShare!.value).toBeCloseTo(89.79, 1);
    expect(b.median!.value).toBe(-4.1);
  });
  it('GIVEN inconsistent counts (more down than markets) THEN no counts are stated, but references still are', () => {
    const b = breadthFacts(part({ down: 900, references: gold(-2.3) }), now, MAX_AGE, [])!;
    expect(b.markets).toBeUndefined();
    expect(b.references.map((r) => r.change.value)).toEqual([-2.3]);
    expect(breadthFacts(part({ markets: NaN }), now, MAX_AGE, [])).toBeUndefined();
  });
  it('GIVEN a stale breadth part or a stale reference THEN they are dropped', () => {
    expect(breadthFacts(part({}, now - 3_600_000), now, MAX_AGE, [])).toBeUndefined();
    expect(breadthFacts(part({ references: gold(-2.3, now - 3_600_000) }), now, MAX_AGE, [])!.references).toEqual([]);
  });
});

describe('the cross-asset driver', () => {
  it('GIVEN gold down 2.3% on a falling day THEN cross-asset is a driver; GIVEN gold up THEN it is not', () => {
    expect(analyseMarket(referenceSnapshot()).drivers.map((d) => d.id)).toContain('cross-asset');
    const up = referenceSnapshot({ breadth: part({ references: gold(1.5) }) });
    expect(analyseMarket(up).drivers.map((d) => d.id)).not.toContain('cross-asset');
  });
  it('GIVEN a per-coin article THEN references are kept but market-wide counts are not', () => {
    const b = analyseCoin(referenceSnapshot(), 'SOL').breadth!;
    expect(b.markets).toBeUndefined();
    expect(b.references).toHaveLength(1);
  });
});
