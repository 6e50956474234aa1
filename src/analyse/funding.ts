// Funding rates of the coins in scope: the mean (per 8 hours, in percent) and how many markets pay negative.
import type { FundingRate, Part } from '../gather/types.ts';
import type { FundingFacts } from './facts.ts';
import { fact, type Fact } from './fact.ts';
import { isFresh, isNum, partValue } from './fresh.ts';

/** No exchange allows more than a few percent per interval; larger values are broken data. */
const MAX_ABS_RATE = 0.1;

/** Inputs: the snapshot's funding part and the coins in scope. */
export interface FundingInputs {
  coins: string[];
  part: Part<Record<string, FundingRate>> | undefined;
  now: number;
  maxAgeMs: number;
  gaps: string[];
}

/** Funding facts, or undefined when no coin in scope has a fresh, sane rate. */
export function fundingFacts(inp: FundingInputs): FundingFacts | undefined {
  const got = partValue(inp.part, 'funding', inp.gaps);
  if (!got || typeof got.value !== 'object') return undefined;
  const perCoin: Record<string, Fact> = {};
  const rates: number[] = [];
  const negativeCoins: string[] = [];
  let asOf = Infinity;
  for (const coin of inp.coins) {
    const r = got.value[coin];
    if (!r || !isNum(r.rate) || Math.abs(r.rate) > MAX_ABS_RATE || !isFresh(r.at, inp.now, inp.maxAgeMs)) continue;
    const per8h = isNum(r.intervalHours) && r.intervalHours > 0 ? (r.rate * 8) / r.intervalHours : r.rate;
    const f = fact(`${coin}.funding`, `${coin} funding rate (8h)`, per8h * 100, 'funding', got.source, r.at);
    if (!f) continue;
    perCoin[coin] = f;
    rates.push(f.value);
    if (f.value < 0) negativeCoins.push(coin);
    asOf = Math.min(asOf, r.at);
  }
  if (rates.length === 0) {
    inp.gaps.push('funding: no fresh rate for the coins in scope');
    return undefined;
  }
  const computed = `computed from ${got.source}`;
  const mean = fact(
    'funding.mean',
    'Mean funding rate (8h)',
    rates.reduce((s, x) => s + x, 0) / rates.length,
    'funding',
    rates.length > 1 ? computed : got.source,
    asOf,
  );
  const negativeCount = fact(
    'funding.negative',
    'Markets with negative funding',
    negativeCoins.length,
    'count',
    computed,
    asOf,
  );
  const marketCount = fact('funding.markets', 'Markets with a funding rate', rates.length, 'count', computed, asOf);
  if (!mean || !negativeCount || !marketCount) return undefined;
  return { mean, negativeCount, marketCount, negativeCoins, perCoin };
}
