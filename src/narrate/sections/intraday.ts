// Context for a day whose swing inside it was far larger than its close-to-close change: the plunge (spike), from
// which price and time to which, and where the price is now. The headline and lede lead with it. Also the
// perpetual's wick against spot, the other sign of a day whose extremes are not the whole market's.
import type { Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';
import { whenText } from './price-action.ts';

/** The intraday part of the context, or null on a day whose close-to-close change tells it. */
export function intradayCtx(f: Facts, book: FigureBook) {
  const i = f.intraday;
  if (!i) return null;
  const depth = book.text(i.swing.pct, 'abs');
  if (!depth) return null;
  return {
    plunge: i.kind === 'plunge',
    spike: i.kind === 'spike',
    depth,
    from: book.text(i.swing.from),
    to: book.text(i.swing.to),
    from_at: whenText(i.swing.fromAt, f.asOf, book),
    to_at: whenText(i.swing.toAt, f.asOf, book),
    // An hourly candle is "in the hour from"; a finer one is its minute.
    from_in_hour: i.swing.fromMs >= 3_600_000,
    // The rebound the lede states is off the day's low: said only when the plunge ended at that low.
    to_is_low: !!f.dayRange && i.swing.to.value === f.dayRange.low.value,
    from_is_high: !!f.dayRange && i.swing.from.value === f.dayRange.high.value,
    to_in_hour: i.swing.toMs >= 3_600_000,
  };
}

/** The perpetual's wick against spot in the same candle, or null. */
export function perpSpotCtx(f: Facts, book: FigureBook) {
  const g = f.perpSpot;
  if (!g) return null;
  const gap = book.text(g.gap, 'abs');
  const perp = book.text(g.perp);
  const spot = book.text(g.spot);
  const at = whenText(g.at, f.asOf, book);
  if (!gap || !perp || !spot || !at) return null;
  return { gap, perp, spot, at, below: g.gap.value < 0, in_hour: g.ms >= 3_600_000 };
}
