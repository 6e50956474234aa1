// The price axis: the range the candles traded in (plus a small margin), with ticks at "nice" prices inside
// it, and the mapping from a price to a pixel row. A level outside the traded range stays off the axis and is
// shown as a tag at the edge with its price, so a distant level never squashes the candles flat.
import type { Candle, ChartLevel } from './types.ts';

/** The price axis of one chart. */
export interface PriceScale {
  /** The axis ends: the traded range plus a margin (not rounded to ticks). */
  min: number;
  max: number;
  /** Tick spacing; ticks sit at multiples of it between min and max. */
  step: number;
  /** Levels inside [min, max], drawn as lines. */
  drawn: ChartLevel[];
  /** Levels outside, shown as tags at the top (above) or bottom (below) edge. */
  above: ChartLevel[];
  below: ChartLevel[];
}

/** How far beyond the candles' range (as a share of it) a level may lie and still be drawn as a line. */
export const LEVEL_REACH = 0.02;

/** Margin above and below the drawn range, as a share of it. */
const MARGIN = 0.04;

/** A "nice" step (1, 2, 2.5 or 5 times a power of ten) near `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

/**
 * The axis for `candles` (non-empty) and `levels`: the candles' low to high, and a level that lies within
 * LEVEL_REACH of that range (a level the price just touched); levels further out go to the edges.
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
  const pad = Math.max(hi - lo, hi * 0.002) * MARGIN;
  const min = Math.max(0, lo - pad);
  const max = hi + pad;
  return {
    min,
    max,
    step: niceStep((max - min) / ticks),
    drawn,
    above: above.sort((a, b) => a.price - b.price),
    below: below.sort((a, b) => b.price - a.price),
  };
}

/** The pixel row of `price` in a plot from `top` to `bottom` px. */
export function priceToY(scale: PriceScale, price: number, top: number, bottom: number): number {
  return top + ((scale.max - price) / (scale.max - scale.min)) * (bottom - top);
}

/** The tick prices of an axis: the multiples of its step between its ends. */
export function priceTicks(scale: Pick<PriceScale, 'min' | 'max' | 'step'>): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(scale.min / scale.step); k * scale.step <= scale.max + 1e-9 * scale.step; k++)
    out.push(k * scale.step);
  return out;
}
