// Turns ccxt's parsed liquidations into whybot's LiquidationEvent: which side was liquidated (each
// exchange has its own convention), size in coins, and USD value from contracts x contract size x price
// (ccxt gives none). Anything that does not add up is rejected with a reason, never guessed.
import type { Liquidation } from 'ccxt';
import type { LiquidationEvent, LiquidationSide } from '../../store/liquidations/types.ts';
import { num } from './stream-cache.ts';

/** The market facts normalisation needs, from ccxt's loaded markets. */
export interface MarketFacts {
  symbol: string;
  base: string;
  contractSize?: number | undefined;
  inverse?: boolean | undefined;
}

/** Normalised events (OKX entries can carry several), or why the liquidation was skipped. */
export type NormaliseResult = { ok: true; events: LiquidationEvent[] } | { ok: false; reason: string };

/** Earliest and latest plausible event times: 2015 to 2100. */
const MIN_TIME = 1_420_070_400_000;
const MAX_TIME = 4_102_444_800_000;

/**
 * Which position a liquidation closed. Binance and OKX report the liquidation order's side (a SELL
 * closes a long); Bybit's `S` is the side of the position (Buy = a long was liquidated). OKX's
 * `posSide`, when present, names the position directly.
 */
export function liquidatedSide(exchange: string, side: unknown, posSide?: unknown): LiquidationSide | undefined {
  const p = typeof posSide === 'string' ? posSide.toLowerCase() : undefined;
  if (p === 'long' || p === 'short') return p;
  const s = typeof side === 'string' ? side.toLowerCase() : undefined;
  if (s !== 'buy' && s !== 'sell') return undefined;
  if (exchange === 'bybit') return s === 'buy' ? 'long' : 'short';
  return s === 'sell' ? 'long' : 'short';
}

interface Raw {
  contracts: unknown;
  price: unknown;
  side: unknown;
  posSide?: unknown;
  at: unknown;
}

function build(exchange: string, market: MarketFacts, raw: Raw): LiquidationEvent | string {
  const contracts = num(raw.contracts);
  const price = num(raw.price);
  const at = num(raw.at);
  const size = market.contractSize;
  if (contracts === undefined || contracts <= 0) return `bad size ${String(raw.contracts)}`;
  if (price === undefined || price <= 0) return `bad price ${String(raw.price)}`;
  if (at === undefined || at < MIN_TIME || at > MAX_TIME) return `bad time ${String(raw.at)}`;
  if (size === undefined || !Number.isFinite(size) || size <= 0) return `no contract size for ${market.symbol}`;
  const side = liquidatedSide(exchange, raw.side, raw.posSide);
  if (!side) return `bad side ${String(raw.side)}`;
  // inverse contracts are denominated in USD; linear ones in coins
  const usd = market.inverse ? contracts * size : contracts * size * price;
  const amount = market.inverse ? usd / price : contracts * size;
  return {
    exchange,
    symbol: market.symbol,
    coin: market.base.toUpperCase(),
    side,
    amount,
    price,
    usd,
    at: Math.trunc(at),
  };
}

/** Normalise one ccxt liquidation from `exchange`, given the market it belongs to (undefined if unknown). */
export function normaliseLiquidation(
  exchange: string,
  liquidation: Liquidation,
  market: MarketFacts | undefined,
): NormaliseResult {
  if (!market) return { ok: false, reason: `unknown market ${String(liquidation?.symbol)}` };
  const info = (liquidation.info ?? {}) as Record<string, unknown>;
  const raws: Raw[] = [];
  if (exchange === 'okx' && Array.isArray(info.details) && info.details.length > 0) {
    // ccxt parses only details[0] of an entry; a cascade packs several liquidations into one entry
    for (const d of info.details as Array<Record<string, unknown>>) {
      raws.push({ contracts: d?.sz, price: d?.bkPx, side: d?.side, posSide: d?.posSide, at: d?.ts });
    }
  } else if (exchange === 'binanceusdm') {
    // ccxt takes `l` (the last fill); `z` is the whole filled quantity of the liquidation order
    raws.push({
      contracts: num(info.z) ?? liquidation.contracts,
      price: liquidation.price,
      side: liquidation.side,
      at: liquidation.timestamp,
    });
  } else {
    raws.push({
      contracts: liquidation.contracts,
      price: liquidation.price,
      side: liquidation.side,
      at: liquidation.timestamp,
    });
  }
  const events: LiquidationEvent[] = [];
  for (const raw of raws) {
    const e = build(exchange, market, raw);
    if (typeof e === 'string') return { ok: false, reason: e };
    events.push(e);
  }
  return { ok: true, events };
}

/** A key that is the same for the same liquidation delivered twice (e.g. resent after a reconnect). */
export function eventKey(e: LiquidationEvent): string {
  return `${e.exchange}|${e.symbol}|${e.side}|${e.at}|${e.amount}|${e.price}`;
}
