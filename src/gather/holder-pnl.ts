// A large holder's unrealized profit or loss at a price: amount x (price - average cost). Pure.
import type { HolderPosition } from './types.ts';

/** Unrealized profit (positive) or loss (negative) in USD, and as a percentage of the cost. */
export interface HolderPnl {
  usd: number;
  pct: number;
}

const positive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/**
 * The holder's unrealized P&L at `price`, or undefined when the amount, cost or price is not a positive
 * finite number (so a broken entry can never print as 0 or NaN).
 */
export function holderPnl(holder: Pick<HolderPosition, 'amount' | 'costBasis'>, price: number): HolderPnl | undefined {
  if (!positive(holder.amount) || !positive(holder.costBasis) || !positive(price)) return undefined;
  return {
    usd: holder.amount * (price - holder.costBasis),
    pct: ((price - holder.costBasis) / holder.costBasis) * 100,
  };
}
