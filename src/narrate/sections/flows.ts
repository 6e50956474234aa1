// Context for US spot ETF flows: the latest day's net flow per product, its date and named source, and its rank
// when it is among the three largest of its sign in the operator's file.
import type { Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';

/** One entry per product with a fresh day; empty without flows. */
export function flowsCtx(f: Facts, book: FigureBook) {
  return (f.flows?.latest ?? [])
    .map((x) => ({
      name: book.words.t(`flows.product.${x.product}`),
      amount: book.text(x.net, 'abs'),
      day: book.text(x.day),
      out: x.net.value < 0,
      source: x.net.source.replace(/\s*\(ETF flows file .*\)$/, ''),
      rank: x.rank && x.fileDays ? book.words.t('flows.rank', { rank: String(x.rank) }) : null,
      file_days: book.text(x.fileDays),
    }))
    .filter((x) => x.amount !== null && x.day !== null);
}
