// Context for markets beyond crypto: each open market's change over the crypto move's hours (printed through the
// FigureBook), the markets that were closed (named closed, never "flat"), and the written verdict.
import type { Facts } from '../../analyse/facts.ts';
import type { MarketId } from '../../gather/types.ts';
import type { FigureBook } from '../figure-book.ts';
import { printsAsZero } from './shared.ts';

const capitalise = (s: string, locale: string) => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);

/** Markets named by the instrument ("futures"), which take a plural verb in English. */
const FUTURES: readonly MarketId[] = ['nasdaq100-futures', 'sp500-futures', 'gold-futures', 'wti-futures'];

/** The markets context, or null without markets data. */
export function marketsCtx(f: Facts, book: FigureBook) {
  const m = f.markets;
  if (!m) return null;
  const moved = m.markets
    .filter((x) => !x.closed && x.change)
    .map((x) => {
      const change = book.text(x.change, 'abs');
      const v = x.change!.value;
      return {
        name: book.words.t(`market.${x.id}`),
        change,
        down: change !== null && v < 0 && !printsAsZero(v),
        up: change !== null && v > 0 && !printsAsZero(v),
        partial: !!x.partial,
      };
    })
    .filter((x) => x.change !== null);
  const closedIds = m.markets.filter((x) => x.closed).map((x) => x.id);
  const closed = closedIds.map((id) => book.words.t(`market.${id}`));
  if (moved.length === 0 && closed.length === 0) return null;
  return {
    moved,
    closed_names: closed.length ? capitalise(book.words.list(closed), book.words.locale) : null,
    closed_one: closedIds.length === 1 && !FUTURES.includes(closedIds[0]!),
    beyond: m.verdict === 'beyond-crypto',
    alone: m.verdict === 'crypto-alone',
    all_closed: m.verdict === 'closed',
  };
}
