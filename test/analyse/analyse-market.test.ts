// analyseMarket / analyseCoin end to end: the reference snapshot, real August 2024 klines, per-coin scope,
// staleness and failed parts.
import { describe, expect, it } from 'vitest';
import { analyseCoin, analyseMarket } from '../../src/analyse/index.ts';
import { collectFacts } from '../../src/analyse/collect.ts';
import { augustSnapshot } from '../helpers/kline-snapshot.ts';
import { referenceSnapshot, REFERENCE_NOW } from '../helpers/reference-snapshot.ts';

const HOUR = 3_600_000;

describe('analyseMarket on the reference snapshot', () => {
  const f = analyseMarket(referenceSnapshot());
  it('THEN the basket of the five coins is down 3.66% (a sell-off), led by BTC at $76,831', () => {
    expect(f.basket!.coins).toEqual(['BTC', 'ETH', 'BNB', 'SOL', 'XRP']);
    expect(f.move!.value).toBeCloseTo(-3.66, 10);
    expect(f.regime).toBe('selloff');
    expect(f.direction).toBe('down');
    expect(f.focus.price!.value).toBe(76_831);
  });
  it('THEN supports are $75,000 then $70,000, and the price is the lowest since April 2025', () => {
    expect(f.levels.supports.slice(0, 2).map((l) => l.price.value)).toEqual([75_000, 70_000]);
    expect(new Date(f.extreme!.since!.value).toISOString().slice(0, 7)).toBe('2025-04');
  });
  it('THEN ETH, SOL and XRP moved more than BTC, and the alts are highly correlated with it', () => {
    const more = f.coins.filter((c) => c.movedMore).map((c) => c.coin);
    expect(more).toEqual(expect.arrayContaining(['ETH', 'XRP']));
    expect(more).not.toContain('BTC');
    expect(f.altCorrelation!.value).toBeGreaterThan(0.7);
  });
  it('THEN every fact has a source and a time, and no part is missing', () => {
    for (const x of collectFacts(f)) {
      expect(x.source.length).toBeGreaterThan(0);
      expect(Number.isFinite(x.asOf)).toBe(true);
    }
    expect(f.gaps).toEqual([]);
    expect(f.sources).toContain('Binance USD-M fetchTickers');
  });
});

describe('analyseMarket on real August 2024 klines (BTC only)', () => {
  it('GIVEN 5 August 2024 07:00 UTC THEN BTC is $51,588, about -15%, a crash, with supports below and a replay time', () => {
    const f = analyseMarket(augustSnapshot('2024-08-05T07:00:00Z'));
    expect(f.focus.price!.value).toBe(51_588);
    expect(f.focus.change24h!.value).toBeCloseTo(-15.18, 1);
    expect(['crash', 'selloff']).toContain(f.regime);
    expect(f.levels.supports.length).toBeGreaterThanOrEqual(2);
    for (const s of f.levels.supports) expect(s.price.value).toBeLessThan(51_588);
    expect(f.replayAt!.value).toBe(Date.parse('2024-08-05T07:00:00Z'));
    expect(f.extreme).toMatchObject({ kind: 'lowest' });
    expect(f.openInterest).toBeUndefined();
    expect(f.funding).toBeUndefined();
    expect(f.liquidations).toBeUndefined();
  });
  it('GIVEN 20 August 2024 12:00 UTC THEN BTC is up about 3.6%, a rise', () => {
    const f = analyseMarket(augustSnapshot('2024-08-20T12:00:00Z'));
    expect(f.move!.value).toBeCloseTo(3.63, 1);
    expect(f.regime).toBe('rise');
    expect(f.direction).toBe('up');
  });
  it('GIVEN 2 August 2024 12:00 UTC (before the crash) THEN the day is flat and within normal volatility', () => {
    const f = analyseMarket(augustSnapshot('2024-08-02T12:00:00Z'));
    expect(f.regime).toBe('flat');
    expect(f.withinNormal).toBe(true);
  });
});

describe('analyseCoin', () => {
  it('GIVEN SOL THEN its own levels, open interest and funding, compared with BTC', () => {
    const f = analyseCoin(referenceSnapshot(), 'sol');
    expect(f.scope).toEqual({ kind: 'coin', coin: 'SOL' });
    expect(f.focus.coin).toBe('SOL');
    expect(f.benchmark!.coin).toBe('BTC');
    expect(f.coins.map((c) => c.coin)).toEqual(['SOL']);
    expect(f.coins[0]!.ratioToBenchmark!.value).toBeCloseTo(1.5, 10);
    expect(f.openInterest!.coins).toEqual(['SOL']);
    expect(Object.keys(f.funding!.perCoin)).toEqual(['SOL']);
    expect(f.levels.supports.every((s) => s.price.value < 98.4)).toBe(true);
    expect(f.basket).toBeUndefined();
  });
  it('GIVEN BTC itself THEN there is no benchmark to compare with', () => {
    expect(analyseCoin(referenceSnapshot(), 'BTC').benchmark).toBeUndefined();
  });
});

describe('stale and failed data', () => {
  it('GIVEN tickers an hour old and no hourly candles THEN no price is stated at all', () => {
    const s = referenceSnapshot();
    if (s.tickers.ok) for (const t of Object.values(s.tickers.value)) t.at = REFERENCE_NOW - HOUR;
    for (const c of s.coins) s.hourly[c] = { ok: false, source: 'h', reason: 'HTTP 500' };
    const f = analyseMarket(s);
    expect(f.focus.price).toBeUndefined();
    expect(f.move).toBeUndefined();
    expect(f.regime).toBe('unknown');
  });
  it('GIVEN stale tickers but fresh hourly candles THEN price and change come from the candles, with that source', () => {
    const s = referenceSnapshot();
    if (s.tickers.ok) for (const t of Object.values(s.tickers.value)) t.at = REFERENCE_NOW - HOUR;
    const f = analyseMarket(s);
    expect(f.focus.price!.source).toBe('Binance USD-M fetchOHLCV 1h');
    expect(f.focus.change24h!.source).toBe('computed from Binance USD-M fetchOHLCV 1h');
    expect(f.focus.change24h!.value).toBeCloseTo(-2, 1);
  });
  it('GIVEN the analysis is run a day after the snapshot THEN everything is stale and nothing is stated', () => {
    const f = analyseMarket(referenceSnapshot(), { now: REFERENCE_NOW + 24 * HOUR });
    expect(f.move).toBeUndefined();
    expect(f.openInterest).toBeUndefined();
    expect(f.liquidations).toBeUndefined();
  });
});
