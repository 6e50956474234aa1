// Chart input from a snapshot: the last N days of hourly candles, the data time, the replay moment and the
// levels the analysis names; no usable candles means no chart.
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/analyse/fact.ts';
import type { Level, LevelFacts } from '../../src/analyse/facts.ts';
import { chartInputFromSnapshot, chartLevelsFromFacts } from '../../src/chart/from-snapshot.ts';
import type { Candle, MarketSnapshot } from '../../src/gather/types.ts';

const HOUR = 3_600_000;
const START = Date.parse('2024-07-06T00:00:00Z');
const candles: Candle[] = Array.from({ length: 30 * 24 }, (_, i) => ({
  t: START + i * HOUR,
  o: 100,
  h: 101,
  l: 99,
  c: 100,
  v: 1,
}));
const asOf = START + 30 * 24 * HOUR;

function snapshot(extra: Partial<MarketSnapshot> = {}): MarketSnapshot {
  const missing = { ok: false as const, source: 's', reason: 'r' };
  return {
    builtAt: asOf + 60_000,
    exchange: 'binanceusdm',
    exchangeName: 'Binance USD-M',
    coins: ['BTC', 'ETH'],
    tickers: missing,
    hourly: { BTC: { ok: true, source: 'Binance USD-M hourly candles', value: candles, asOf }, ETH: missing },
    daily: {},
    openInterest: {},
    funding: missing,
    ...extra,
  };
}

const level = (price: number): Level => ({
  price: { id: `l.${price}`, label: 'level', value: price, unit: 'price', source: 'candles', asOf } satisfies Fact,
  strength: 0.5,
  grade: 'moderate',
  kinds: ['swing'],
  touches: 2,
});

describe('chartInputFromSnapshot', () => {
  it('takes the last N days of hourly candles, with the data time and source', () => {
    const input = chartInputFromSnapshot(snapshot(), 'BTC', { days: 7 })!;
    expect(input.candles).toHaveLength(7 * 24);
    expect(input.candles[0]!.t).toBe(asOf - 7 * 24 * HOUR);
    expect(input).toMatchObject({ coin: 'BTC', dataTime: asOf, source: 'Binance USD-M' });
    expect(input.replayAt).toBeUndefined();
    expect(chartInputFromSnapshot(snapshot(), 'BTC', { days: 30 })!.candles).toHaveLength(30 * 24);
  });

  it('carries the replayed moment', () => {
    const at = Date.parse('2024-08-05T07:00:00Z');
    expect(chartInputFromSnapshot(snapshot({ replay: { files: ['x.csv'], at } }), 'BTC', { days: 7 })!.replayAt).toBe(
      at,
    );
  });

  it('gives no chart for a coin whose candles are missing or unknown', () => {
    expect(chartInputFromSnapshot(snapshot(), 'ETH', { days: 7 })).toBeUndefined();
    expect(chartInputFromSnapshot(snapshot(), 'DOGE', { days: 7 })).toBeUndefined();
  });
});

describe('chartLevelsFromFacts', () => {
  it('names supports, the resistance and the broken level once each', () => {
    const facts: LevelFacts = {
      supports: [level(49_000), level(45_000)],
      resistance: level(62_000),
      broken: level(58_000),
    };
    expect(chartLevelsFromFacts(facts)).toEqual([
      { price: 49_000, label: 'Support', kind: 'support' },
      { price: 45_000, label: 'Support', kind: 'support' },
      { price: 62_000, label: 'Resistance', kind: 'resistance' },
      { price: 58_000, label: 'Broken', kind: 'broken' },
    ]);
    expect(chartLevelsFromFacts({ supports: [level(49_000)], broken: level(49_000) })).toHaveLength(1);
    expect(chartLevelsFromFacts(undefined)).toEqual([]);
  });
});
