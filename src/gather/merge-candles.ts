// Merges sorted candles into larger ones (1h -> 4h, 1h -> 1d), aligned to epoch multiples as exchanges align
// them (UTC days for 1d). Used by the simulator to serve higher timeframes and by the chart to thin long windows.
import type { Candle } from './types.ts';

/** Merge sorted candles into buckets of `intervalMs`; the last bucket may be partial. */
export function mergeCandles(candles: readonly Candle[], intervalMs: number): Candle[] {
  const out: Candle[] = [];
  for (const c of candles) {
    const t = Math.floor(c.t / intervalMs) * intervalMs;
    const last = out[out.length - 1];
    if (last && last.t === t) {
      last.h = Math.max(last.h, c.h);
      last.l = Math.min(last.l, c.l);
      last.c = c.c;
      last.v += c.v;
    } else {
      out.push({ t, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v });
    }
  }
  return out;
}
