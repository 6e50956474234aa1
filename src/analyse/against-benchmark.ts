// How a coin moved against the benchmark coin (BTC): ratio of 24h moves, "moved more", beta and correlation.
import type { Candle } from '../gather/types.ts';
import type { CoinFacts, MoveDirection } from './facts.ts';
import { fact, type Fact } from './fact.ts';
import type { AnalysisOptions } from './options.ts';
import { correlation, covariance, stdev } from './stats.ts';

const HOUR = 3_600_000;

/** Aligned hourly log returns of two coins (only hours both have, with the hour before). */
export function alignedReturns(a: Candle[], b: Candle[]): { a: number[]; b: number[] } {
  const bByT = new Map(b.map((c) => [c.t, c.c]));
  const aByT = new Map(a.map((c) => [c.t, c.c]));
  const ra: number[] = [];
  const rb: number[] = [];
  for (const c of a) {
    const prevA = aByT.get(c.t - HOUR);
    const curB = bByT.get(c.t);
    const prevB = bByT.get(c.t - HOUR);
    if (prevA === undefined || curB === undefined || prevB === undefined) continue;
    ra.push(Math.log(c.c / prevA));
    rb.push(Math.log(curB / prevB));
  }
  return { a: ra, b: rb };
}

/** Inputs for comparing one coin with the benchmark. */
export interface BenchmarkInputs {
  coin: string;
  change?: Fact | undefined;
  hourly: Candle[];
  hourlySource: string;
  benchmark: string;
  benchmarkChange?: Fact | undefined;
  benchmarkHourly: Candle[];
  direction: MoveDirection;
  opts: AnalysisOptions['alts'];
}

/** The comparison facts of one coin against the benchmark. */
export function compareWithBenchmark(
  inp: BenchmarkInputs,
): Pick<CoinFacts, 'ratioToBenchmark' | 'beta' | 'correlation' | 'movedMore'> {
  const { coin, change, benchmarkChange: bench, opts } = inp;
  let ratioToBenchmark: Fact | undefined;
  let movedMore = false;
  if (change && bench) {
    const sameSign = Math.sign(change.value) === Math.sign(bench.value) && change.value !== 0;
    if (sameSign && Math.abs(bench.value) >= opts.minFocusMovePct) {
      ratioToBenchmark = fact(
        `${coin}.ratioTo${inp.benchmark}`,
        `${coin} 24h move relative to ${inp.benchmark}'s`,
        change.value / bench.value,
        'multiple',
        `computed from ${change.source}`,
        Math.min(change.asOf, bench.asOf),
      );
    }
    if (inp.direction !== 'flat') {
      const dir = inp.direction === 'down' ? -1 : 1;
      const a = change.value * dir;
      const f = bench.value * dir;
      movedMore = a > 0 && a >= Math.max(f, 0) * opts.harderFactor && a - f >= opts.harderMinPoints;
    }
  }
  let beta: Fact | undefined;
  let corr: Fact | undefined;
  const r = alignedReturns(inp.hourly, inp.benchmarkHourly);
  if (r.a.length >= opts.minReturns) {
    const last = inp.hourly[inp.hourly.length - 1];
    const asOf = last ? last.t + HOUR : NaN;
    const source = `computed from ${inp.hourlySource}`;
    const varB = stdev(r.b) ** 2;
    if (varB > 0)
      beta = fact(
        `${coin}.beta`,
        `${coin} beta to ${inp.benchmark}`,
        covariance(r.a, r.b) / varB,
        'coefficient',
        source,
        asOf,
      );
    corr = fact(
      `${coin}.correlation`,
      `${coin} correlation with ${inp.benchmark}`,
      correlation(r.a, r.b),
      'coefficient',
      source,
      asOf,
    );
  }
  return { ratioToBenchmark, beta, correlation: corr, movedMore };
}
