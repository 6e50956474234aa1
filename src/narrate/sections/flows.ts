// Context for US spot ETF flows: the latest day's net flow per product, its date and named source, and its rank
// when it is among the three largest of its sign in the operator's file.
import type { Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';

const PRODUCT_NAMES = { 'us-spot-btc-etf': 'US spot bitcoin ETFs', 'us-spot-eth-etf': 'US spot ether ETFs' } as const;
const RANK_WORDS = ['', 'the largest', 'the second-largest', 'the third-largest'];

/** One entry per product with a fresh day; empty without flows. */
export function flowsCtx(f: Facts, book: FigureBook) {
  return (f.flows?.latest ?? [])
    .map((x) => ({
      name: PRODUCT_NAMES[x.product],
      amount: book.text(x.net, 'abs'),
      day: book.text(x.day),
      out: x.net.value < 0,
      source: x.net.source.replace(/\s*\(ETF flows file .*\)$/, ''),
      rank: x.rank && x.fileDays ? RANK_WORDS[x.rank] : null,
      file_days: book.text(x.fileDays),
    }))
    .filter((x) => x.amount !== null && x.day !== null);
}
