// One price path per coin: the finest candles available for each part of the data, joined into one series
// (minute or five-minute candles for the recent hours, then hourly, then daily), so that every figure read from it
// (the price, the day's low and high, the legs, the fastest stretch) agrees with every other.
import type { Candle } from '../gather/types.ts';
import type { DataSpan } from './fact.ts';

/** A candle of the path, with its own length and the source it came from. */
export interface PathCandle extends Candle {
  /** The candle's length in ms (60000 for a minute candle). */
  ms: number;
  source: string;
}

/** One series of closed candles of one length, oldest first. */
export interface PathSeries {
  candles: readonly Candle[];
  ms: number;
  source: string;
}

/**
 * Join series into one path, oldest first. Each part of time is taken from the finest series that covers it:
 * a coarser candle is used only where it ends at or before the start of the finer data. The finer data is cut
 * at the first boundary of the coarser candles when the coarser series holds the candle covering its start (so
 * the joint leaves no hole); its candles before that boundary are then read from the coarser candle instead,
 * unless all the finer data lies inside that one coarser candle (then the finer data stays, as it is).
 * Coarser candles that open after the finer data's last close are kept too.
 */
export function pricePath(series: readonly PathSeries[]): PathCandle[] {
  const bySize = series.filter((s) => s.candles.length > 0 && s.ms > 0).sort((a, b) => a.ms - b.ms);
  let path: PathCandle[] = [];
  for (const s of bySize) {
    const first = path[0];
    if (!first) {
      path = s.candles.map((c) => ({ ...c, ms: s.ms, source: s.source }));
      continue;
    }
    let from = first.t;
    const covering = s.candles.find((c) => c.t <= from && c.t + s.ms > from);
    if (covering && covering.t < from) {
      const cut = covering.t + s.ms;
      const kept = path.filter((c) => c.t >= cut);
      // Finer data that lies wholly inside one coarser candle is kept as it is: the coarser candle would claim
      // hours the finer data shows are missing (a replay's daily candle built from an hourly file with a gap).
      if (kept.length > 0) {
        from = cut;
        path = kept;
      }
    }
    const newest = path[path.length - 1];
    const to = newest ? closeOf(newest) : from;
    const tag = (c: Candle) => ({ ...c, ms: s.ms, source: s.source });
    const before = s.candles.filter((c) => c.t + s.ms <= from).map(tag);
    // Coarser candles newer than the finer data (finer candles that stopped early) still count.
    const after = s.candles.filter((c) => c.t >= to).map(tag);
    path = [...before, ...path, ...after];
  }
  return path;
}

/** The close time of a path candle. */
export const closeOf = (c: PathCandle) => c.t + c.ms;

/** The candles of a path over a window ending at `end`, with the span they cover and whether it is whole. */
export interface PathWindow {
  candles: PathCandle[];
  /** The window itself when the data covers it whole; otherwise from the first candle's open to the last close. */
  span: DataSpan;
  /** True when the candles cover [end - windowMs, end] without a hole. */
  full: boolean;
}

/**
 * Every candle that closed by `end` and after `end - windowMs`. A coarse candle that straddles the window's start
 * is kept (the window's low and high are then never missed; the stated span is still the window).
 */
export function pathWindow(path: readonly PathCandle[], end: number, windowMs: number): PathWindow | undefined {
  const start = end - windowMs;
  // Only a candle of an hour or less may straddle the start: a daily one would reach a day and more back.
  const inside = path.filter((c) => closeOf(c) > start && closeOf(c) <= end && (c.t >= start || c.ms <= 3_600_000));
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (!first || !last) return undefined;
  const holes = inside.some((c, i) => i > 0 && closeOf(inside[i - 1]!) < c.t);
  const full = !holes && first.t <= start && closeOf(last) === end;
  return { candles: inside, span: full ? { from: start, to: end } : { from: first.t, to: closeOf(last) }, full };
}

/** The largest fall (or rise) from one candle's high (low) to a later candle's low (high), as indices and size. */
export function worstLeg(
  candles: readonly Candle[],
  down: boolean,
): { i: number; j: number; size: number } | undefined {
  let best: { i: number; j: number; size: number } | undefined;
  let ext = 0;
  for (let j = 0; j < candles.length; j++) {
    const c = candles[j]!;
    if (down ? c.h > candles[ext]!.h : c.l < candles[ext]!.l) ext = j;
    const size = down ? candles[ext]!.h - c.l : c.h - candles[ext]!.l;
    if (size > 0 && (!best || size > best.size)) best = { i: ext, j, size };
  }
  return best;
}

/** The longest stretch the fastest move may span: two candles, and never less than half an hour. */
export const burstLimitMs = (ms: number) => Math.max(2 * ms, 30 * 60_000);

/**
 * The fastest stretch: the largest move the day's way from one candle's high (low) to a later candle's low (high)
 * within `burstLimitMs` of the first candle's open (inside one candle, only open to low, or open to high, is known
 * to be in order). Read at the finest resolution the path has there. Undefined when nothing moved that way.
 */
export function fastestStretch(
  candles: readonly PathCandle[],
  down: boolean,
): { from: number; to: number; size: number; i: number; j: number } | undefined {
  let best: { from: number; to: number; size: number; i: number; j: number } | undefined;
  // Larger wins; of two the same size (within 0.1%), the shorter.
  const better = (size: number, ms: number) =>
    size > 0 && (!best || size > best.size * 1.001 || (size >= best.size * 0.999 && ms < best.to - best.from));
  for (let i = 0; i < candles.length; i++) {
    const a = candles[i]!;
    const limit = a.t + burstLimitMs(a.ms);
    const single = down ? a.o - a.l : a.h - a.o;
    if (better(single, a.ms)) best = { from: a.t, to: closeOf(a), size: single, i, j: i };
    for (let j = i + 1; j < candles.length && closeOf(candles[j]!) <= limit; j++) {
      const b = candles[j]!;
      if (b.t !== closeOf(candles[j - 1]!)) break; // a hole: the order of prices across it is not known
      const size = down ? a.h - b.l : b.h - a.l;
      if (better(size, closeOf(b) - a.t)) best = { from: a.t, to: closeOf(b), size, i, j };
    }
  }
  return best;
}
