// The span a candle series really covers: first open, last close and the gaps inside, so that a figure
// named for a window can be checked against the data behind it. Pure.
import type { Candle, CandleCoverage } from './types.ts';

/** Coverage of sorted candles of one interval; undefined for no candles. */
export function candleCoverage(candles: readonly Candle[], intervalMs: number): CandleCoverage | undefined {
  const first = candles[0];
  const last = candles[candles.length - 1];
  if (!first || !last) return undefined;
  const gaps: CandleCoverage['gaps'] = [];
  for (let i = 1; i < candles.length; i++) {
    const end = candles[i - 1]!.t + intervalMs;
    if (candles[i]!.t > end) gaps.push({ from: end, to: candles[i]!.t });
  }
  return { intervalMs, from: first.t, to: last.t + intervalMs, gaps };
}
