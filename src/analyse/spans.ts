// Windows of candles and the real span of data behind them, computed from the candles' own timestamps.
// A figure named for a window ("24h", "7 days") may only be named so when its span equals the window.
import type { Candle } from '../gather/types.ts';
import { fact, type DataSpan, type Fact } from './fact.ts';
import type { DataWindow, WindowFigure } from './facts.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The candles of the window ending at `end` (a candle close), with the span they really cover. */
export interface CandleWindow {
  candles: Candle[];
  /** From the first candle's open to the last candle's close. */
  span: DataSpan;
  /** True when the candles cover the whole window without a missing candle. */
  full: boolean;
}

/** Candles (closed, sorted) whose period lies inside [end - windowMs, end]; undefined when there are none. */
export function windowOf(
  candles: readonly Candle[],
  intervalMs: number,
  end: number,
  windowMs: number,
): CandleWindow | undefined {
  const start = end - windowMs;
  const inside = candles.filter((c) => c.t >= start && c.t + intervalMs <= end);
  if (inside.length === 0) return undefined;
  const span = { from: inside[0]!.t, to: inside[inside.length - 1]!.t + intervalMs };
  const full = span.from === start && span.to === end && inside.length === Math.round(windowMs / intervalMs);
  return { candles: inside, span, full };
}

/** Missing stretches between consecutive candles (each from a close to the next open), oldest first. */
export function gapsIn(candles: readonly Candle[], intervalMs: number): DataSpan[] {
  const out: DataSpan[] = [];
  for (let i = 1; i < candles.length; i++) {
    const prevClose = candles[i - 1]!.t + intervalMs;
    if (candles[i]!.t > prevClose) out.push({ from: prevClose, to: candles[i]!.t });
  }
  return out;
}

/** The length of a span in whole hours (rounded down). */
export function spanHours(span: DataSpan): number {
  return Math.floor((span.to - span.from) / HOUR);
}

/** The length of a span in whole days (rounded down). */
export function spanDays(span: DataSpan): number {
  return Math.floor((span.to - span.from) / DAY);
}

/** The length of a span as a figure: whole hours below two days, whole days from there. */
export function spanLength(
  id: string,
  span: DataSpan,
  source: string,
): { length: Fact; lengthUnit: 'hours' | 'days' } | undefined {
  const hours = spanHours(span);
  const unit = hours < 48 ? 'hours' : 'days';
  const value = unit === 'hours' ? hours : spanDays(span);
  if (value < 1) return undefined;
  const length = fact(
    `${id}.span`,
    unit === 'hours' ? 'Hours of data behind the figure' : 'Days of data behind the figure',
    value,
    unit === 'hours' ? 'count' : 'days',
    source,
    span.to,
    span,
  );
  return length ? { length, lengthUnit: unit } : undefined;
}

/** The data window behind a figure; `full` when the data covers exactly `windowMs` without a gap. */
export function dataWindow(
  id: string,
  span: DataSpan,
  windowMs: number,
  complete: boolean,
  source: string,
): DataWindow | undefined {
  const len = spanLength(id, span, source);
  if (!len) return undefined;
  return { ...len, span, full: complete && span.to - span.from === windowMs };
}

/** A windowed figure with its real span. */
export function windowFigure(
  value: Fact | undefined,
  span: DataSpan,
  windowMs: number,
  complete: boolean,
): WindowFigure | undefined {
  if (!value) return undefined;
  const w = dataWindow(value.id, span, windowMs, complete, value.source);
  return w ? { value: { ...value, span }, ...w } : undefined;
}
