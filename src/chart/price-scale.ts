// The price axis: a range that holds the candles and the levels near them, rounded to "nice" ticks,
// and the mapping from a price to a pixel row. Levels too far away to draw stay off the axis and are
// shown as edge tags instead, so one distant level does not squash the candles flat.
import type { Candle, ChartLevel } from './types.ts';

/** The price axis of one chart. */
export interface PriceScale {
  min: number;
  max: number;
  /** Tick spacing. */
  step: number;
  /** Levels inside [min, max], drawn as lines. */
  drawn: ChartLevel[];
  /** Levels outside, shown as tags at the top (above) or bottom (below) edge. */
  above: ChartLevel[];
  below: ChartLevel[];
}

/** How far beyond the candles' range (as a share of it) a level may lie and still be drawn as a line. */
export const LEVEL_REACH = 0.35;

/** A "nice" step (1, 2, 2.5 or 5 times a power of ten) near `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

/**
 * The axis for `candles` (non-empty) and `levels`. A level is drawn when it lies within LEVEL_REACH of the
 * candles' price range beyond their high or low; the range grows to include it.
 */
export function priceScale(candles: readonly Candle[], levels: readonly ChartLevel[], ticks = 5): PriceScale {
  let lo = Math.min(...candles.map((c) => c.l));
  let hi = Math.max(...candles.map((c) => c.h));
  const span = Math.max(hi - lo, hi * 0.002);
  const reachLo = lo - span * LEVEL_REACH;
  const reachHi = hi + span * LEVEL_REACH;
  const drawn: ChartLevel[] = [];
  const above: ChartLevel[] = [];
  const below: ChartLevel[] = [];
  for (const level of levels) {
    if (level.price > reachHi) above.push(level);
    else if (level.price < reachLo) below.push(level);
    else {
      drawn.push(level);
      lo = Math.min(lo, level.price);
      hi = Math.max(hi, level.price);
    }
  }
  const pad = Math.max(hi - lo, hi * 0.002) * 0.04;
  const step = niceStep((hi - lo + 2 * pad) / ticks);
  return {
    min: Math.max(0, Math.floor((lo - pad) / step) * step),
    max: Math.ceil((hi + pad) / step) * step,
    step,
    drawn,
    above: above.sort((a, b) => a.price - b.price),
    below: below.sort((a, b) => b.price - a.price),
  };
}

/** The pixel row of `price` in a plot from `top` to `bottom` px. */
export function priceToY(scale: PriceScale, price: number, top: number, bottom: number): number {
  return top + ((scale.max - price) / (scale.max - scale.min)) * (bottom - top);
}
