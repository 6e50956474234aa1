// Alts in the market article: the coin that went furthest the day's way, ETH against BTC, whether the alts are the
// story (median move at least twice BTC's), and alts whose liquidations stand out over the focus coin's.
import { describe, expect, it } from 'vitest';
import { altFacts } from '../../src/analyse/alts.ts';
import { fact } from '../../src/analyse/fact.ts';
import type { CoinFacts } from '../../src/analyse/facts.ts';
import { liquidationStandouts } from '../../src/analyse/liquidation-coins.ts';
import type { LiquidationSummary, Part } from '../../src/gather/types.ts';

const now = Date.UTC(2026, 1, 4, 12);
const HOUR = 3_600_000;

function coin(c: string, change: number | undefined, btc = -5): CoinFacts {
  const ch = change === undefined ? undefined : fact(`${c}.change24h`, `${c} 24h change`, change, 'pct', 'T', now);
  const ratio =
    change !== undefined && c !== 'BTC' && Math.sign(change) === Math.sign(btc)
      ? fact(`${c}.ratioToBTC`, 'r', change / btc, 'multiple', 'computed from T', now)
      : undefined;
  return { coin: c, change24h: ch, ratioToBenchmark: ratio, movedMore: false };
}

describe('altFacts', () => {
  it('GIVEN BTC -5% and alts -8%..-15% THEN SOL is the worst hit, ETH/BTC is -3.2%, median 2.2x: the alts are the story', () => {
    const a = altFacts({
      coins: [coin('BTC', -5), coin('ETH', -8), coin('BNB', -10), coin('SOL', -15), coin('XRP', -12)],
      benchmark: 'BTC',
      direction: 'down',
    })!;
    expect(a.leader.coin).toBe('SOL');
    expect(a.leader.change.value).toBe(-15);
    expect(a.leader.ratio!.value).toBeCloseTo(3, 9);
    expect(a.ethVsBench!.value).toBeCloseTo((0.92 / 0.95 - 1) * 100, 9);
    expect(a.medianMultiple!.value).toBeCloseTo(2.2, 9);
    expect(a.story).toBe(true);
  });

  it('GIVEN alts within 1.5x of BTC THEN no story; on a rise the strongest coin leads', () => {
    const down = altFacts({
      coins: [coin('BTC', -5), coin('ETH', -6), coin('SOL', -7)],
      benchmark: 'BTC',
      direction: 'down',
    })!;
    expect(down.story).toBe(false);
    expect(down.leader.coin).toBe('SOL');
    const up = altFacts({
      coins: [coin('BTC', 4, 4), coin('ETH', 9, 4), coin('SOL', 6, 4)],
      benchmark: 'BTC',
      direction: 'up',
    })!;
    expect(up.leader.coin).toBe('ETH');
  });

  it('GIVEN BTC itself fell furthest, a coin without data, or alts going the other way THEN nothing is made up', () => {
    const a = altFacts({
      coins: [coin('BTC', -9), coin('ETH', undefined), coin('SOL', 2), coin('XRP', -1)],
      benchmark: 'BTC',
      direction: 'down',
    })!;
    expect(a.leader.coin).toBe('BTC');
    expect(a.ethVsBench).toBeUndefined();
    expect(a.medianMultiple).toBeUndefined(); // one alt of two has a multiple: not "most alts"
    expect(a.story).toBe(false);
    expect(altFacts({ coins: [coin('BTC', -9)], benchmark: 'BTC', direction: 'down' })).toBeUndefined();
    expect(
      altFacts({ coins: [coin('BTC', 0.1), coin('ETH', 0.2)], benchmark: 'BTC', direction: 'flat' }),
    ).toBeUndefined();
  });
});

function liq(byCoin: Record<string, number>, to = now): Part<LiquidationSummary> {
  const total = Object.values(byCoin).reduce((s, x) => s + x, 0);
  return {
    ok: true,
    source: 'whybot liquidation store',
    asOf: to,
    value: {
      daily: [],
      windows: {
        '24h': {
          window: '24h',
          from: to - 24 * HOUR,
          to,
          longsUsd: total,
          shortsUsd: 0,
          count: 10,
          totalUsd: total,
          byCoin: Object.fromEntries(
            Object.entries(byCoin).map(([c, usd]) => [c, { longsUsd: usd * 0.7, shortsUsd: usd * 0.3, count: 1 }]),
          ),
          byExchange: {},
          coverage: { exchanges: ['bybit'], collectedShare: 1 },
        },
      },
    },
  };
}

describe('liquidationStandouts', () => {
  const base = { focusCoin: 'BTC', coins: ['BTC', 'ETH', 'SOL', 'XRP'], now, maxAgeMs: HOUR };
  it('GIVEN SOL $40M of $100M and BTC $30M THEN SOL stands out with 40%; ETH at $20M does not', () => {
    const s = liquidationStandouts({ ...base, part: liq({ BTC: 30e6, SOL: 40e6, ETH: 20e6, XRP: 10e6 }) });
    expect(s.map((c) => c.coin)).toEqual(['SOL']);
    expect(s[0]!.usd.value).toBeCloseTo(40e6, 3);
    expect(s[0]!.share.value).toBeCloseTo(40, 9);
  });

  it('GIVEN BTC leading, a stale window or no part THEN none stands out', () => {
    expect(liquidationStandouts({ ...base, part: liq({ BTC: 60e6, SOL: 30e6, ETH: 10e6 }) })).toEqual([]);
    expect(liquidationStandouts({ ...base, part: liq({ BTC: 1e6, SOL: 30e6 }, now - 2 * HOUR) })).toEqual([]);
    expect(liquidationStandouts({ ...base, part: { ok: false, source: 's', reason: 'down' } })).toEqual([]);
    // a coin outside the tracked list is never named
    expect(liquidationStandouts({ ...base, part: liq({ BTC: 10e6, PEPE: 90e6 }) })).toEqual([]);
  });
});
