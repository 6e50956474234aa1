// The market basket: the weighted 24h change of the tracked coins that have a fresh change.
import type { BasketFacts } from './facts.ts';
import { fact, type Fact } from './fact.ts';
import { isNum } from './fresh.ts';

/**
 * Weighted mean change of the coins with a change fact. Weights default to equal; a coin with no weight or
 * no change is left out, and the weights of the rest are renormalised. Undefined when nothing is left.
 */
export function basketChange(
  coins: string[],
  changes: Record<string, Fact | undefined>,
  weights: Record<string, number> | undefined,
): BasketFacts | undefined {
  const used: string[] = [];
  const missing: string[] = [];
  const raw: Record<string, number> = {};
  for (const coin of coins) {
    const w = weights ? weights[coin] : 1;
    const ch = changes[coin];
    if (!ch) {
      missing.push(coin);
      continue;
    }
    if (!isNum(w) || w <= 0) continue;
    used.push(coin);
    raw[coin] = w;
  }
  if (used.length === 0) return undefined;
  const total = used.reduce((s, c) => s + raw[c]!, 0);
  const norm: Record<string, number> = {};
  let change = 0;
  let asOf = Infinity;
  const sources = new Set<string>();
  for (const coin of used) {
    norm[coin] = raw[coin]! / total;
    const ch = changes[coin]!;
    change += norm[coin]! * ch.value;
    asOf = Math.min(asOf, ch.asOf);
    sources.add(ch.source);
  }
  const equal = used.every((c) => Math.abs(norm[c]! - 1 / used.length) < 1e-9);
  const how = equal ? 'equal-weighted' : 'weighted';
  const source = `computed from ${[...sources].join(' and ')} (${how} ${used.join(', ')})`;
  const f = fact('basket.change24h', 'Market basket 24h change', change, 'pct', source, asOf);
  if (!f) return undefined;
  return { change24h: f, coins: used, weights: norm, equalWeights: equal, missing };
}
