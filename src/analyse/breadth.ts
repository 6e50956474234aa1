// Market breadth (how many perpetual markets are down on the day, the median move) and cross-asset
// references (tokenized gold), from the snapshot's breadth part. Counts must be consistent or nothing is said.
import type { MarketBreadth, Part } from '../gather/types.ts';
import type { BreadthFacts, ReferenceFacts } from './facts.ts';
import { fact } from './fact.ts';
import { isFresh, isNum, isPrice, partValue } from './fresh.ts';
import { cleanLabel } from './sentiment.ts';

/** Breadth facts, or undefined when the part is absent, stale or inconsistent. */
export function breadthFacts(
  part: Part<MarketBreadth> | undefined,
  now: number,
  maxAgeMs: number,
  gaps: string[],
): BreadthFacts | undefined {
  const got = partValue(part, 'breadth', gaps);
  if (!got) return undefined;
  const b = got.value;
  if (!isFresh(got.asOf, now, maxAgeMs)) {
    gaps.push('breadth: stale');
    return undefined;
  }
  const src = got.source;
  const references: ReferenceFacts[] = [];
  for (const r of Object.values(b.references ?? {})) {
    if (
      !r ||
      !isPrice(r.price) ||
      !isNum(r.changePct) ||
      r.changePct <= -100 ||
      r.changePct > 1000 ||
      !isFresh(r.at, now, maxAgeMs)
    )
      continue;
    const label = cleanLabel(r.label, 60);
    const base = cleanLabel(r.base, 12);
    const change = fact(`ref.${base}.change24h`, `${label} 24h change`, r.changePct, 'pct', src, r.at);
    const price = fact(`ref.${base}.price`, `${label} price`, r.price, 'price', src, r.at);
    if (label && base && change && price) references.push({ base, label, change, price });
  }
  const counts = [b.markets, b.down, b.up];
  const consistent =
    counts.every((n) => isNum(n) && Number.isInteger(n) && n >= 0) && b.markets > 0 && b.down + b.up <= b.markets;
  if (!consistent) {
    if (references.length === 0) {
      gaps.push('breadth: inconsistent counts');
      return undefined;
    }
    return { references };
  }
  const computed = `computed from ${src}`;
  return {
    markets: fact('breadth.markets', 'Perpetual markets with a 24h change', b.markets, 'count', src, got.asOf),
    down: fact('breadth.down', 'Perpetual markets down on the day', b.down, 'count', src, got.asOf),
    up: fact('breadth.up', 'Perpetual markets up on the day', b.up, 'count', src, got.asOf),
    downShare: fact(
      'breadth.downShare',
      'Share of perpetual markets down on the day',
      (b.down / b.markets) * 100,
      'share',
      computed,
      got.asOf,
    ),
    median:
      isNum(b.medianChangePct) && Math.abs(b.medianChangePct) < 1000
        ? fact('breadth.median', 'Median 24h change of perpetual markets', b.medianChangePct, 'pct', src, got.asOf)
        : undefined,
    references,
  };
}
