// What the data lacks: the largest stretch of missing hourly candles, and which derivatives sources are absent.
import type { MarketSnapshot } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { DataGapFacts } from './facts.ts';
import { gapsIn, HOUR } from './spans.ts';
import type { Series } from './view.ts';

/** The largest gap in the coin's hourly candles, or undefined when they are continuous. */
export function gapFacts(coin: string, hourly: Series): DataGapFacts | undefined {
  const gaps = gapsIn(hourly.candles, HOUR);
  if (gaps.length === 0) return undefined;
  const g = gaps.reduce((a, x) => (x.to - x.from > a.to - a.from ? x : a));
  const asOf = hourly.candles[hourly.candles.length - 1]!.t + HOUR;
  const from = fact(`${coin}.gap.from`, `${coin} hourly data missing from`, g.from, 'datetime', hourly.source, asOf);
  const to = fact(`${coin}.gap.to`, `${coin} hourly data missing until`, g.to, 'datetime', hourly.source, asOf);
  return from && to ? { from, to } : undefined;
}

/** Names of the derivatives sources the snapshot lacks for the coin: liquidations, open interest, funding. */
export function lackingSources(snapshot: MarketSnapshot, coin: string): string[] {
  const out: string[] = [];
  if (!snapshot.liquidations?.ok) out.push('liquidation');
  if (!snapshot.openInterest?.[coin]?.ok) out.push('open-interest');
  if (!snapshot.funding?.ok) out.push('funding');
  return out;
}
