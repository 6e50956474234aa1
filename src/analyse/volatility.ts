// Realized volatility of hourly returns: the last 24h against the 30-day norm, a normal day's move,
// and how many normal days' worth the 24h move is.
import type { Candle } from '../gather/types.ts';
import type { VolatilityFacts } from './facts.ts';
import { fact, type Fact } from './fact.ts';
import type { AnalysisOptions } from './options.ts';
import { logReturns, stdev } from './stats.ts';

const HOUR = 3_600_000;

/** Inputs: the coin's closed hourly candles (about 30 days) and its 24h change. */
export interface VolatilityInputs {
  coin: string;
  hourly: Candle[];
  hourlySource: string;
  change24h?: Fact | undefined;
  opts: AnalysisOptions['volatility'];
}

/** Volatility facts, or undefined with too little history. */
export function volatilityFacts(inp: VolatilityInputs): VolatilityFacts | undefined {
  const closes = inp.hourly.map((c) => c.c);
  const r = logReturns(closes);
  if (r.length < 24 + inp.opts.minBaselineReturns) return undefined;
  const recent = r.slice(-24);
  const base = r.slice(0, -24);
  const sdBase = stdev(base);
  const sdRecent = stdev(recent);
  if (!(sdBase > 0)) return undefined;
  const last = inp.hourly[inp.hourly.length - 1]!;
  const asOf = last.t + HOUR;
  const source = `computed from ${inp.hourlySource}`;
  const dayStd = sdBase * Math.sqrt(24);
  const typicalDayPct = fact(`${inp.coin}.vol.typicalDay`, `${inp.coin} typical daily move (30-day)`, dayStd * 100, 'pct', source, asOf);
  if (!typicalDayPct) return undefined;
  const ratio = fact(`${inp.coin}.vol.ratio`, `${inp.coin} 24h volatility against its 30-day norm`, sdRecent / sdBase, 'multiple', source, asOf);
  const ch = inp.change24h;
  const moveSigma =
    ch && ch.value > -100
      ? fact(`${inp.coin}.vol.moveSigma`, `${inp.coin} 24h move in normal-day deviations`, Math.abs(Math.log(1 + ch.value / 100)) / dayStd, 'multiple', source, Math.min(asOf, ch.asOf))
      : undefined;
  const baselineDays = fact(`${inp.coin}.vol.baselineDays`, `Days of ${inp.coin} hourly history behind the norm`, Math.max(1, Math.round((last.t - 24 * HOUR - inp.hourly[0]!.t) / (24 * HOUR))), 'days', source, asOf);
  if (!baselineDays) return undefined;
  return { ratio, typicalDayPct, moveSigma, baselineDays };
}
