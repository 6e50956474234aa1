// Prepares the chart's series: drops unusable candles, merges candles into a longer interval when there are
// too many to see, and sums liquidation bars into the same buckets so both panels share one time axis.
import type { Candle, LiquidationBar } from './types.ts';

import { mergeCandles } from '../gather/merge-candles.ts';

export { mergeCandles };

const HOUR = 3_600_000;
/** Intervals the chart may merge candles into, shortest first. */
const MERGE_INTERVALS = [HOUR, 2 * HOUR, 4 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];

/** Most candles drawn on one chart; past this each candle gets too thin to read at preview size. */
export const MAX_DRAWN_CANDLES = 200;

const positive = (n: number) => typeof n === 'number' && Number.isFinite(n) && n > 0;

/** Candles with finite, positive, consistent prices, sorted by time, one per open time. */
export function usableCandles(candles: readonly Candle[]): Candle[] {
  const byTime = new Map<number, Candle>();
  for (const c of candles) {
    if (!c || !Number.isFinite(c.t) || ![c.o, c.h, c.l, c.c].every(positive) || c.h < c.l) continue;
    byTime.set(c.t, c);
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** The interval of a candle series: the smallest gap between open times (one hour when it cannot tell). */
export function nativeInterval(candles: readonly Candle[]): number {
  let min = Infinity;
  for (let i = 1; i < candles.length; i++) min = Math.min(min, candles[i]!.t - candles[i - 1]!.t);
  return Number.isFinite(min) && min > 0 ? min : HOUR;
}

/** The interval to draw: the native one, or the shortest longer one that keeps the count at most `maxCandles`. */
export function drawInterval(candles: readonly Candle[], maxCandles = MAX_DRAWN_CANDLES): number {
  const native = nativeInterval(candles);
  if (candles.length <= maxCandles) return native;
  const span = candles[candles.length - 1]!.t - candles[0]!.t + native;
  return (
    MERGE_INTERVALS.find((ms) => ms >= native && ms % native === 0 && Math.ceil(span / ms) <= maxCandles) ??
    Math.max(native, 24 * HOUR)
  );
}

/** The candles a chart draws: the usable ones, merged into longer ones when there are too many. */
export function drawnCandles(candles: readonly Candle[]): { candles: Candle[]; intervalMs: number } {
  const clean = usableCandles(candles);
  if (clean.length === 0) return { candles: [], intervalMs: HOUR };
  const native = nativeInterval(clean);
  const intervalMs = drawInterval(clean);
  return { candles: intervalMs === native ? clean : mergeCandles(clean, intervalMs), intervalMs };
}

/** The time the drawn candles cover, ms: from the first one's open to the last one's close. */
export function drawnSpanMs(drawn: { candles: readonly Candle[]; intervalMs: number }): number {
  const { candles, intervalMs } = drawn;
  return candles.length === 0 ? 0 : candles[candles.length - 1]!.t + intervalMs - candles[0]!.t;
}

/** Volume per drawn candle, or undefined when the candles carry none (all zero or missing: mark-price klines). */
export function candleVolumes(candles: readonly Candle[]): Array<number | null> | undefined {
  const volumes = candles.map((c) => (typeof c.v === 'number' && Number.isFinite(c.v) && c.v >= 0 ? c.v : null));
  return volumes.some((v) => v !== null && v > 0) ? volumes : undefined;
}

/**
 * Liquidation totals per drawn candle: bars are summed into the bucket of the candle they fall in.
 * Buckets with no bar stay `undefined` (nothing drawn: no data is not zero). Bars outside the candles are dropped.
 */
export function bucketLiquidations(
  bars: readonly LiquidationBar[],
  candleTimes: readonly number[],
  intervalMs: number,
): Array<{ longsUsd: number; shortsUsd: number } | undefined> {
  const index = new Map(candleTimes.map((t, i) => [t, i]));
  const out: Array<{ longsUsd: number; shortsUsd: number } | undefined> = candleTimes.map(() => undefined);
  for (const b of bars) {
    const ok = (n: number) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
    if (!b || !Number.isFinite(b.t) || !ok(b.longsUsd) || !ok(b.shortsUsd)) continue;
    const i = index.get(Math.floor(b.t / intervalMs) * intervalMs);
    if (i === undefined) continue;
    const slot = out[i] ?? { longsUsd: 0, shortsUsd: 0 };
    slot.longsUsd += b.longsUsd;
    slot.shortsUsd += b.shortsUsd;
    out[i] = slot;
  }
  return out;
}
