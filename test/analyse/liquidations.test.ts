// Liquidations: totals, the side that matters, 24h/7d/30d for the focus coin, baseline significance, coverage.
import { describe, expect, it } from 'vitest';
import { liquidationFacts } from '../../src/analyse/liquidations.ts';
import type { LiquidationSummary, LiquidationWindow, Part } from '../../src/gather/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 1, 4, 12);
const sides = (longsUsd: number, shortsUsd: number) => ({ longsUsd, shortsUsd, count: 1 });

function win(
  name: LiquidationWindow['window'],
  days: number,
  btcLongs: number,
  total: number,
  to = now,
): LiquidationWindow {
  return {
    window: name,
    from: to - days * DAY,
    to,
    ...sides(total * 0.8, total * 0.2),
    totalUsd: total,
    byCoin: { BTC: sides(btcLongs, 1e6), SOL: sides(3e6, 9e6) },
    byExchange: {},
    coverage: { exchanges: ['binanceusdm', 'bybit'], collectedShare: 1, collectingSince: now - 90 * DAY },
  };
}
function summary(windows: LiquidationSummary['windows'], baseline = 110e6, days = 30): Part<LiquidationSummary> {
  return {
    ok: true,
    source: 'store',
    asOf: now,
    value: {
      windows,
      daily: Array.from({ length: days }, (_, i) => ({
        day: Math.floor(now / DAY) * DAY - (days - i) * DAY,
        ...sides(baseline, 20e6),
      })),
    },
  };
}
const base = { scope: { kind: 'market' as const }, focusCoin: 'BTC', now, maxAgeMs: 2 * HOUR, minBaselineDays: 7 };

describe('liquidationFacts', () => {
  it('GIVEN the reference windows THEN BTC longs are $237M / $2.16B / $4.4B and the day is 3.2x its baseline', () => {
    const l = liquidationFacts({
      ...base,
      part: summary({
        '24h': win('24h', 1, 237e6, 412e6),
        '7d': win('7d', 7, 2.16e9, 3e9),
        '30d': win('30d', 30, 4.4e9, 6e9),
      }),
      gaps: [],
    })!;
    expect(l.side).toBe('long');
    expect([l.focusDay!.value, l.focusWeek!.value, l.focusMonth!.value]).toEqual([237e6, 2.16e9, 4.4e9]);
    expect(l.day.total!.value).toBe(412e6);
    expect(l.sideShare!.value).toBeCloseTo(80, 10);
    expect(l.baselineRatio!.value).toBeCloseTo(412 / 130, 10);
    expect(l.baselineDays!.value).toBeGreaterThanOrEqual(28);
    expect(l.exchanges).toEqual(['binanceusdm', 'bybit']);
  });

  it('GIVEN collection began within the last day (or week) THEN the longer windows, which would repeat it, are left out', () => {
    const windows = () => ({
      '24h': win('24h', 1, 4.2e6, 5e6),
      '7d': win('7d', 7, 4.2e6, 5e6),
      '30d': win('30d', 30, 4.2e6, 5e6),
    });
    const startedAt = (since: number) => {
      const w = windows();
      for (const x of Object.values(w)) x.coverage.collectingSince = since;
      return liquidationFacts({ ...base, part: summary(w), gaps: [] })!;
    };
    const today = startedAt(now - 2 * HOUR);
    expect([today.focusDay?.value, today.focusWeek, today.focusMonth]).toEqual([4.2e6, undefined, undefined]);
    const thisWeek = startedAt(now - 3 * DAY);
    expect([thisWeek.focusDay?.value, thisWeek.focusWeek?.value, thisWeek.focusMonth]).toEqual([
      4.2e6,
      4.2e6,
      undefined,
    ]);
  });

  it('GIVEN more shorts than longs liquidated THEN the side is shorts, whatever the price did', () => {
    const w = { ...win('24h', 1, 1e6, 50e6), longsUsd: 10e6, shortsUsd: 40e6 };
    const l = liquidationFacts({ ...base, part: summary({ '24h': w }), gaps: [] })!;
    expect(l.side).toBe('short');
    expect(l.focusDay!.id).toBe('liq.24h.BTC.shorts');
    expect(l.sideShare!.value).toBeCloseTo(80, 10);
  });

  it('GIVEN venues, a count and a largest one THEN totals by venue (largest first), the count and its time are facts', () => {
    const at = now - 3 * HOUR;
    const w: LiquidationWindow = {
      ...win('24h', 1, 1e6, 50e6),
      count: 1234,
      byExchange: { okx: sides(5e6, 1e6), bybit: sides(20e6, 4e6), gate: sides(0, 0), binanceusdm: sides(15e6, 5e6) },
      largest: { exchange: 'bybit', symbol: 'BTC/USDT:USDT', coin: 'BTC', side: 'long', usd: 36.8e6, at },
    };
    const l = liquidationFacts({ ...base, part: summary({ '24h': w }), gaps: [] })!;
    expect(l.byExchange.map((e) => [e.exchange, e.usd.value])).toEqual([
      ['bybit', 24e6],
      ['binanceusdm', 20e6],
      ['okx', 6e6],
    ]);
    expect(l.count!.value).toBe(1234);
    expect(l.largest).toMatchObject({ exchange: 'bybit', coin: 'BTC', side: 'long', usd: { value: 36.8e6 } });
    expect(l.largest!.at!.value).toBe(at);
  });

  it("GIVEN a per-coin article THEN the day amounts are that coin's", () => {
    const l = liquidationFacts({
      ...base,
      scope: { kind: 'coin', coin: 'SOL' },
      focusCoin: 'SOL',
      part: summary({ '24h': win('24h', 1, 1e6, 50e6) }),
      gaps: [],
    })!;
    expect(l.day.total!.value).toBe(12e6);
    expect(l.baselineRatio).toBeUndefined();
  });

  it('GIVEN zero amounts THEN they are not facts (never "$0"); GIVEN nothing at all THEN no facts', () => {
    const zero = { ...win('24h', 1, 0, 0), byCoin: { BTC: sides(0, 0) }, longsUsd: 0, shortsUsd: 0 };
    expect(liquidationFacts({ ...base, part: summary({ '24h': zero }), gaps: [] })).toBeUndefined();
  });

  it('GIVEN a stale 24h window THEN no facts and a recorded gap', () => {
    const gaps: string[] = [];
    expect(
      liquidationFacts({
        ...base,
        part: summary({ '24h': win('24h', 1, 1e6, 5e6, now - 5 * HOUR) }),
        gaps,
      }),
    ).toBeUndefined();
    expect(gaps).toEqual(['liquidations: no fresh 24h window']);
  });

  it('GIVEN fewer baseline days than the minimum, or days before collection began THEN no baseline ratio', () => {
    expect(
      liquidationFacts({
        ...base,
        part: summary({ '24h': win('24h', 1, 1e6, 5e6) }, 110e6, 5),
        gaps: [],
      })!.baselineRatio,
    ).toBeUndefined();
    const recent = win('24h', 1, 1e6, 5e6);
    recent.coverage.collectingSince = now - 3 * DAY;
    const l = liquidationFacts({ ...base, part: summary({ '24h': recent }), gaps: [] })!;
    expect(l.baselineRatio).toBeUndefined();
    expect(l.collectingSince!.value).toBe(now - 3 * DAY);
  });
});
