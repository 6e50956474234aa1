// What the liquidation channels whybot adds to ccxt's clients (Gate, dYdX, HTX, BitMEX) share: reading a venue's
// number fields, the websocket client they answer through, and appending parsed liquidations to the client's
// `liquidations` cache the collector drains, bounded like ccxt's own (`liquidationsLimit`).
import type { Exchange, Liquidation } from 'ccxt';

/** The part of ccxt's websocket client (`ccxt/js/src/base/ws/Client.js`) the channel handlers use. */
export interface StreamClient {
  resolve(result: unknown, messageHash: string): void;
  reject(error: unknown, messageHash?: string): void;
  /** When the last keep-alive answer arrived (epoch ms). */
  lastPong: number;
}

/** A finite number from a venue's field (a number or a numeric string), else undefined. */
export function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** One liquidation as the collector reads it from the cache (the fields ccxt's own parsers fill). */
export interface CachedLiquidation {
  info: unknown;
  symbol: string;
  contracts: number;
  contractSize: number | undefined;
  price: number | undefined;
  side: string | undefined;
  timestamp: number | undefined;
}

/** Append `items` to `exchange.liquidations` (created when missing), keeping the newest `liquidationsLimit`. */
export function appendLiquidations(exchange: Exchange, items: readonly CachedLiquidation[]): Liquidation[] {
  const limit = (exchange.options as { liquidationsLimit?: number }).liquidationsLimit ?? 1000;
  const cache = ((exchange as unknown as { liquidations?: Liquidation[] }).liquidations ??= []);
  for (const item of items)
    cache.push({
      ...item,
      datetime: item.timestamp === undefined ? undefined : new Date(item.timestamp).toISOString(),
    } as unknown as Liquidation);
  if (cache.length > limit) cache.splice(0, cache.length - limit);
  return cache;
}
