// Large holders' unrealized profit or loss: amount x (price - cost basis), from the operator's holders file.
import type { HolderPosition, Part } from '../gather/types.ts';
import type { HolderFacts } from './facts.ts';
import { fact, type Fact } from './fact.ts';
import { isFresh, isPositive, isPrice, MAX_AMOUNT_USD, partValue } from './fresh.ts';
import { cleanLabel } from './sentiment.ts';

/** Holder facts for positions in coins that have a price fact; stale or broken positions are skipped. */
export function holderFacts(
  part: Part<HolderPosition[]> | undefined,
  prices: Record<string, Fact | undefined>,
  now: number,
  maxAgeMs: number,
  gaps: string[],
): HolderFacts[] {
  const got = partValue(part, 'holders', gaps);
  if (!got || !Array.isArray(got.value)) return [];
  const out: HolderFacts[] = [];
  got.value.forEach((h, i) => {
    const name = cleanLabel(h?.name);
    const price = h ? prices[h.coin] : undefined;
    if (!h || !name || !price || !isPositive(h.amount) || !isPrice(h.costBasis) || !isFresh(h.asOf, now, maxAgeMs))
      return;
    const unrealized = fact(
      `holder.${i}.unrealized`,
      `${name} unrealized ${h.coin} profit or loss`,
      h.amount * (price.value - h.costBasis),
      'usd',
      `computed from ${got.source} and ${price.source}`,
      Math.min(price.asOf, now),
    );
    if (unrealized && Math.abs(unrealized.value) <= MAX_AMOUNT_USD) out.push({ name, coin: h.coin, unrealized });
  });
  return out;
}
