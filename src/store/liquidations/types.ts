// Plain types of the liquidation store: the normalised event that goes in, and the totals that come out.

/** Which position was forced out: a long (the exchange sold it) or a short (the exchange bought it back). */
export type LiquidationSide = 'long' | 'short';

/** One liquidation, normalised across exchanges. */
export interface LiquidationEvent {
  /** ccxt id of the exchange, e.g. "binanceusdm". */
  exchange: string;
  /** Unified ccxt symbol, e.g. "BTC/USDT:USDT". */
  symbol: string;
  /** Base coin, upper case, e.g. "BTC". */
  coin: string;
  side: LiquidationSide;
  /** Size in coins (base units). */
  amount: number;
  /** Price the liquidation was filled at (quote currency, USD-like). */
  price: number;
  /** Notional in USD: contracts x contract size x price (or contracts x contract size for inverse contracts). */
  usd: number;
  /** Epoch ms, as reported by the exchange. */
  at: number;
}

/** Count and USD liquidated of one (exchange, symbol, side) series over a range of minutes. */
export interface SeriesTotal {
  exchange: string;
  symbol: string;
  coin: string;
  side: LiquidationSide;
  count: number;
  /** USD in integer cents, summed exactly. */
  cents: number;
}

/** The largest single liquidation found in a range of minutes. */
export interface LargestRow {
  exchange: string;
  symbol: string;
  coin: string;
  side: LiquidationSide;
  cents: number;
  at: number;
}

/** Totals of one UTC day and one side, over all exchanges. */
export interface DailyRow {
  /** Epoch ms of 00:00 UTC of the day. */
  day: number;
  side: LiquidationSide;
  count: number;
  cents: number;
}

/** One period during which an exchange's stream was connected. `end` is resolved for open sessions. */
export interface CollectorSession {
  id: number;
  exchange: string;
  start: number;
  /** Effective end: ended_at, or for an open session now (when its collector is alive) or its last heartbeat. */
  end: number;
  open: boolean;
  endReason?: string;
}

/** A span of time an exchange's stream was not collected. */
export interface CollectionGap {
  exchange: string;
  from: number;
  to: number;
}

/** Minutes per bucket scale kept for the largest liquidation: minute, hour, UTC day. */
export const TOP_SCALES = [1, 60, 1440] as const;

/** Milliseconds per minute. */
export const MINUTE_MS = 60_000;

/** Milliseconds per day. */
export const DAY_MS = 86_400_000;

/** USD to integer cents (exact sums). */
export function toCents(usd: number): number {
  return Math.round(usd * 100);
}
