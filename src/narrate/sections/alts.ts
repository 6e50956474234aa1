// Context for the alts in a market article: the coin hit hardest (or lifted most), ETH against BTC, and whether
// the alts moving two or three times as far as BTC is the day's story.
import type { Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';
import { isDown, isUp } from './shared.ts';

/** The alts part of the context (null outside market articles or without two fresh coins). */
export function altsCtx(f: Facts, book: FigureBook) {
  const a = f.alts;
  if (f.scope.kind !== 'market' || (!a && !f.liquidationStandouts?.length)) return null;
  const bench = f.benchmark?.coin ?? f.focus.coin;
  const leaderChange = a ? book.text(a.leader.change, 'abs') : null;
  const eth = book.text(a?.ethVsBench);
  const standouts = (f.liquidationStandouts ?? [])
    .map((c) => ({ name: book.words.coin(c.coin), usd: book.text(c.usd), share: book.text(c.share) }))
    .filter((c) => c.usd && c.share);
  return {
    bench_name: book.words.coin(bench),
    liq: standouts,
    // the benchmark itself leading the day's way is no alt story: then only ETH/BTC is told
    leader:
      a && a.leader.coin !== bench && leaderChange
        ? {
            name: book.words.coin(a.leader.coin),
            change_abs: leaderChange,
          }
        : null,
    story: a?.story ?? false,
    multiple: book.text(a?.medianMultiple, 'abs'),
    eth: eth
      ? {
          abs: book.text(a?.ethVsBench, 'abs'),
          down: isDown(a?.ethVsBench, eth),
          up: isUp(a?.ethVsBench, eth),
        }
      : null,
  };
}
