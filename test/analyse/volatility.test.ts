// Realized volatility: last 24h against the norm, a normal day's move, and the move in normal days.
import { describe, expect, it } from 'vitest';
import { fact } from '../../src/analyse/fact.ts';
import { defaultAnalysisOptions } from '../../src/analyse/options.ts';
import { volatilityFacts } from '../../src/analyse/volatility.ts';
import type { Candle } from '../../src/gather/types.ts';

const HOUR = 3_600_000;
const opts = defaultAnalysisOptions.volatility;

/** Hourly candles whose log returns alternate +a/-a, then +b/-b over the last 24 hours. */
function alternating(n: number, a: number, b: number): Candle[] {
  let p = 100;
  return Array.from({ length: n }, (_, i) => {
    const amp = i >= n - 24 ? b : a;
    if (i > 0) p *= Math.exp(i % 2 ? amp : -amp);
    return { t: i * HOUR, o: p, h: p, l: p, c: p, v: 1 };
  });
}

describe('volatilityFacts', () => {
  it('GIVEN hourly swings three times wider over the last day THEN the ratio is about 3', () => {
    const v = volatilityFacts({ coin: 'BTC', hourly: alternating(720, 0.002, 0.006), hourlySource: 'h', opts })!;
    expect(v.ratio!.value).toBeCloseTo(3, 0);
    // The norm is all 30 days of the data (the day included), so its span is the data's span.
    expect(v.baselineDays.value).toBe(30);
    expect(v.ratio!.span).toEqual({ from: 696 * HOUR, to: 720 * HOUR });
  });

  it('GIVEN a 10% fall where a normal day moves about 1% THEN the move is many normal days', () => {
    const hourly = alternating(720, 0.002, 0.002);
    const change = fact('BTC.change24h', 'c', -10, 'pct', 't', 0)!;
    const v = volatilityFacts({ coin: 'BTC', hourly, hourlySource: 'h', change24h: change, opts })!;
    expect(v.typicalDayPct.value).toBeCloseTo((Math.exp(0.002 * Math.sqrt(24)) - 1) * 100, 1);
    expect(v.moveSigma!.value).toBeGreaterThan(9);
    // The multiple and the percent printed beside it use the same measure: a reader's division agrees.
    expect(v.moveSigma!.value).toBeCloseTo(10 / v.typicalDayPct.value, 10);
  });

  it('GIVEN too little history or no variation THEN no volatility facts', () => {
    expect(
      volatilityFacts({ coin: 'BTC', hourly: alternating(50, 0.002, 0.002), hourlySource: 'h', opts }),
    ).toBeUndefined();
    expect(volatilityFacts({ coin: 'BTC', hourly: alternating(200, 0, 0), hourlySource: 'h', opts })).toBeUndefined();
  });

  it('GIVEN a gap inside the last day THEN no "over the past day" swing ratio, and no return spans the gap', () => {
    const h = alternating(720, 0.002, 0.006).filter((c) => c.t !== 710 * HOUR);
    const v = volatilityFacts({ coin: 'BTC', hourly: h, hourlySource: 'h', opts })!;
    expect(v.ratio).toBeUndefined();
    expect(v.typicalDayPct).toBeDefined();
  });
});
