// The perpetual against spot: when the snapshot holds spot candles of the focus coin beside the perpetual's, the
// widest gap between the two lows (highs) in the same candle over the past day. A perpetual wick far below spot is
// a fact of its own ("the perpetual briefly traded 3% below spot"), not a move of the whole market.
import type { Candle } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { MoveDirection, PerpSpotFacts } from './facts.ts';
import { cleanCandles } from './fresh.ts';
import { closeOf, pathWindow, type PathCandle } from './price-path.ts';
import { DAY } from './spans.ts';

/** What the comparison reads: the perpetual's price path and spot candles of one length, oldest first. */
export interface PerpSpotInputs {
  coin: string;
  path: readonly PathCandle[];
  spot: { candles: readonly Candle[]; ms: number; source: string } | undefined;
  direction: MoveDirection;
  /** A gap smaller than this, in percent, is not worth a sentence. */
  minGapPct: number;
}

/** The widest gap of the day between the perpetual and spot in the same candle, or undefined. */
export function perpSpotFacts(inp: PerpSpotInputs): PerpSpotFacts | undefined {
  const last = inp.path[inp.path.length - 1];
  if (!last || !inp.spot || inp.direction === 'flat') return undefined;
  const end = closeOf(last);
  const w = pathWindow(inp.path, end, DAY);
  if (!w) return undefined;
  const spot = new Map(cleanCandles(inp.spot.candles, inp.spot.ms, end).map((c) => [c.t, c]));
  const down = inp.direction === 'down';
  let best: { perp: PathCandle; spot: Candle; gap: number } | undefined;
  for (const p of w.candles) {
    const s = p.ms === inp.spot.ms ? spot.get(p.t) : undefined;
    if (!s) continue;
    const gap = down ? (p.l / s.l - 1) * 100 : (p.h / s.h - 1) * 100;
    if (down ? gap < (best?.gap ?? 0) : gap > (best?.gap ?? 0)) best = { perp: p, spot: s, gap };
  }
  if (!best || Math.abs(best.gap) < inp.minGapPct) return undefined;
  const { coin } = inp;
  const span = { from: best.perp.t, to: closeOf(best.perp) };
  const src = `computed from ${best.perp.source} and ${inp.spot.source}`;
  const gap = fact(
    `${coin}.perpSpot.gap`,
    `${coin} perpetual against spot in the same candle`,
    best.gap,
    'pct',
    src,
    end,
    span,
  );
  const at = fact(`${coin}.perpSpot.at`, `${coin} candle of the widest gap to spot`, best.perp.t, 'datetime', src, end);
  const perp = fact(
    `${coin}.perpSpot.perp`,
    `${coin} perpetual ${down ? 'low' : 'high'} in that candle`,
    down ? best.perp.l : best.perp.h,
    'price',
    best.perp.source,
    end,
    span,
  );
  const spotP = fact(
    `${coin}.perpSpot.spot`,
    `${coin} spot ${down ? 'low' : 'high'} in that candle`,
    down ? best.spot.l : best.spot.h,
    'price',
    inp.spot.source,
    end,
    span,
  );
  return gap && at && perp && spotP ? { gap, at, perp, spot: spotP, ms: best.perp.ms } : undefined;
}
