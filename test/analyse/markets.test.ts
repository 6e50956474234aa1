// Markets beyond crypto against the crypto move's window, by the written rule (src/analyse/markets.ts): a stock
// index future moving CROSS_MARKET_PCT the same way makes it beyond crypto, all within QUIET_PCT means crypto
// moved alone, markets without a trade in the window are closed (never flat). Candles are GENERATED TEST DATA.
import { describe, expect, it } from 'vitest';
import { CROSS_MARKET_PCT, marketsFacts, QUIET_PCT } from '../../src/analyse/markets.ts';
import type { MarketSeries, MarketsPart, Part } from '../../src/gather/types.ts';
import { generatedCandles } from '../fakes/yahoo-chart-server.ts';

const HOUR = 3_600_000;
const FROM = Date.parse('2024-08-05T00:00:00Z');
const TO = FROM + 8 * HOUR;
const part = (markets: MarketSeries[]): Part<MarketsPart> => ({
  ok: true,
  source: 'markets file m.csv',
  asOf: TO,
  value: { markets, failures: [] },
});
const series = (id: MarketSeries['id'], stepPct: number, from = FROM, hours = 8) => ({
  id,
  candles: generatedCandles(from, hours, 100, stepPct),
});
const run = (markets: MarketSeries[], direction: 'down' | 'up' = 'down') =>
  marketsFacts({ part: part(markets), from: FROM, to: TO, direction, gaps: [] })!;

describe('marketsFacts', () => {
  it('calls a day beyond crypto when a stock index future fell at least the threshold over the same hours', () => {
    const f = run([series('nasdaq100-futures', -0.5), series('gold-futures', 0.125)]);
    expect(f.verdict).toBe('beyond-crypto');
    const nq = f.markets.find((m) => m.id === 'nasdaq100-futures')!;
    expect(nq.change!.value).toBeCloseTo((0.995 ** 8 - 1) * 100, 6);
    expect(nq.change!.value).toBeLessThan(-CROSS_MARKET_PCT);
    expect(nq.change!.span).toEqual({ from: FROM, to: TO });
    expect(nq.change!.source).toBe('computed from markets file m.csv');
    expect(f.evidence.map((e) => e.what)).toEqual(['nasdaq100-futures down', 'gold-futures up']); // gold +1.0%
  });

  it('says crypto moved alone when every open stock index future stayed within the quiet band or went the other way', () => {
    const f = run([series('nasdaq100-futures', 0.02), series('sp500-futures', 0.3)]);
    expect(f.verdict).toBe('crypto-alone');
    expect(Math.abs(f.markets[0]!.change!.value)).toBeLessThan(QUIET_PCT);
    expect(run([series('nasdaq100-futures', -0.1)]).verdict).toBeUndefined(); // -0.8%: between the two, nothing said
  });

  it('names a market without a trade in the window closed, never flat, and says nothing when all stock futures were closed', () => {
    const weekend = run([
      series('nasdaq100-futures', -1, FROM - 48 * HOUR),
      series('gold-futures', -1, FROM - 48 * HOUR),
    ]);
    expect(weekend.markets).toEqual([
      { id: 'nasdaq100-futures', closed: true },
      { id: 'gold-futures', closed: true },
    ]);
    expect(weekend.verdict).toBe('closed');
  });

  it('marks a market that traded only part of the window, and leaves a failed market out', () => {
    const f = run([
      series('sp500-futures', -0.5, FROM + 5 * HOUR, 3),
      { id: 'gold-futures', candles: [], failed: true },
    ]);
    expect(f.markets).toHaveLength(1);
    expect(f.markets[0]).toMatchObject({ id: 'sp500-futures', closed: false, partial: true });
    expect(f.markets[0]!.change!.span).toEqual({ from: FROM + 5 * HOUR, to: TO });
  });

  it('mirrors the rule on a rising day', () => {
    expect(run([series('nasdaq100-futures', 0.5)], 'up').verdict).toBe('beyond-crypto');
    expect(run([series('nasdaq100-futures', -0.5)], 'up').verdict).toBe('crypto-alone');
  });
});
