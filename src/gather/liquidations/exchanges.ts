// What differs between the liquidation exchanges: how to build the ccxt pro client (only the markets
// needed, optionally pointed at a proxy or the simulator) and which watch calls subscribe to its stream.
import ccxt, { type Exchange } from 'ccxt';
import { venuePerpetualSymbol } from '../../core/markets.ts';
import { pointExchangeAt, pointWebsocketsAt } from '../exchange.ts';
import { guardExchange } from '../rate-limit-gate.ts';
import type { MarketFacts } from './normalise.ts';
import { DydxLiquidationClient } from './dydx-stream.ts';
import { GateLiquidationClient } from './gate-stream.ts';
import { HtxLiquidationClient } from './htx-stream.ts';
import { BitmexLiquidationClient } from './bitmex-stream.ts';

/** Exchanges whybot can collect liquidations from. */
export const LIQUIDATION_EXCHANGES = ['binanceusdm', 'bybit', 'okx', 'gate', 'dydx', 'htx', 'bitmex'] as const;

/** One of LIQUIDATION_EXCHANGES. */
export type LiquidationExchangeId = (typeof LIQUIDATION_EXCHANGES)[number];

/** True when `id` is an exchange whybot can collect liquidations from. */
export function isLiquidationExchange(id: string): id is LiquidationExchangeId {
  return (LIQUIDATION_EXCHANGES as readonly string[]).includes(id);
}

/** How long each stream may normally stay quiet before it is presumed broken and restarted, ms. */
export const DEFAULT_SILENCE_MS: Readonly<Record<LiquidationExchangeId, number>> = {
  // the all-market stream carries every symbol; minutes without one liquidation are rare
  binanceusdm: 10 * 60_000,
  // all OKX swaps
  okx: 15 * 60_000,
  // all Gate USDT perpetuals ("!all")
  gate: 15 * 60_000,
  // one stream per tracked coin; quiet markets can leave these idle for a while
  bybit: 30 * 60_000,
  // every trade of the tracked markets arrives, not only liquidations: minutes without one mean a dead stream
  dydx: 10 * 60_000,
  // one topic per tracked coin, liquidations only: quiet markets can leave these idle for a while
  htx: 30 * 60_000,
  // every instrument's table, but liquidations on BitMEX are rarer: an hour without one is normal
  bitmex: 60 * 60_000,
};

/** ccxt keeps this many parsed liquidations; the collector reads new ones from that cache. */
export const LIQUIDATION_CACHE_SIZE = 20_000;

const MARKET_TYPES: Record<LiquidationExchangeId, object> = {
  binanceusdm: {},
  bybit: { fetchMarkets: { types: ['linear'] } },
  okx: { fetchMarkets: { types: ['swap'] } },
  gate: { fetchMarkets: { types: ['swap'] }, swap: { fetchMarkets: { settlementCurrencies: ['usdt'] } } },
  dydx: {},
  // the USDT-margined swaps only
  htx: { fetchMarkets: { types: { spot: false, linear: true, inverse: false } } },
  // whybot's own client lists the open perpetuals only
  bitmex: {},
};

/**
 * Venues whose ccxt client throttles subscription messages through a path of ccxt 4.5.84 that leaves a send on a
 * closed socket unhandled (an unhandled rejection on stop). They send one subscription per coin and make one REST
 * call (the markets), so they run without ccxt's throttle.
 */
const UNTHROTTLED: ReadonlySet<LiquidationExchangeId> = new Set(['dydx', 'htx', 'bitmex']);

/** Venues whose liquidation stream ccxt lacks: ccxt's own websocket client, extended with the venue's channel (BitMEX,
 * which ccxt 4.5.84 lacks altogether, on ccxt's base client with its markets added). */
const EXTENDED: Partial<Record<LiquidationExchangeId, new (config: object) => Exchange>> = {
  gate: GateLiquidationClient as unknown as new (config: object) => Exchange,
  dydx: DydxLiquidationClient as unknown as new (config: object) => Exchange,
  htx: HtxLiquidationClient as unknown as new (config: object) => Exchange,
  bitmex: BitmexLiquidationClient as unknown as new (config: object) => Exchange,
};

/**
 * A ccxt pro client for `id`, public endpoints only. `keepAliveMs` overrides ccxt's ping interval. With `baseUrl` (http://host:port) every REST URL
 * goes there and every websocket URL to ws://host:port, keeping paths (a local simulator or a proxy).
 */
export async function createLiquidationExchange(
  id: LiquidationExchangeId,
  baseUrl?: string,
  options: { keepAliveMs?: number } = {},
): Promise<Exchange> {
  const Class = EXTENDED[id] ?? ((ccxt.pro as Record<string, unknown>)[id] as new (config: object) => Exchange);
  const exchange = new Class({
    enableRateLimit: !UNTHROTTLED.has(id),
    timeout: 10_000,
    // how often ccxt pings; two missed answers drop the connection
    ...(options.keepAliveMs ? { streaming: { keepAlive: options.keepAliveMs } } : {}),
    options: {
      ...MARKET_TYPES[id],
      liquidationsLimit: LIQUIDATION_CACHE_SIZE,
      // ccxt has its own reconnect backoff (1 s, 2 s, ... after a dial within 30 s of the last one);
      // the collector's backoff is the one policy, so ccxt's is switched off
      ws: { backoff: { base: 0 } },
    },
  });
  if (baseUrl) {
    pointExchangeAt(exchange, baseUrl);
    pointWebsocketsAt(exchange, baseUrl.replace(/^http/, 'ws'));
    // ccxt refuses plain ws:// until its http agent is loaded
    if (baseUrl.startsWith('http://')) await exchange.loadHttpProxyAgent();
  }
  // a Retry-After from this exchange pauses its REST calls and markets loads process-wide
  return guardExchange(exchange);
}

/**
 * The watch calls that make up `id`'s liquidation stream. Binance: the all-market `!forceOrder@arr`;
 * OKX: every SWAP's `liquidation-orders`; Gate: `futures.public_liquidates` for "!all"; Bybit: `allLiquidation.<SYMBOL>` per tracked coin it lists;
 * dYdX: `v4_trades` per tracked coin it lists (its LIQUIDATED trades); HTX: `public.<CONTRACT>.liquidation_orders` per
 * tracked coin it lists; BitMEX: its `liquidation` table, every instrument.
 * Each call resolves on the next liquidation (dYdX's on the next trades frame; what it returns is not used:
 * bursts can hold more, so the collector reads ccxt's cache instead).
 */
export function watchCalls(
  id: LiquidationExchangeId,
  exchange: Exchange,
  coins: readonly string[],
  quote = 'USDT',
): Array<{ label: string; call: () => Promise<unknown> }> {
  if (id === 'binanceusdm')
    return [
      { label: '!forceOrder@arr', call: () => exchange.watchLiquidationsForSymbols(undefined as unknown as string[]) },
    ];
  if (id === 'okx')
    return [
      {
        label: 'liquidation-orders SWAP',
        call: () =>
          exchange.watchLiquidationsForSymbols(undefined as unknown as string[], undefined, undefined, {
            type: 'swap',
          }),
      },
    ];
  if (id === 'bitmex')
    return [{ label: 'liquidation', call: () => (exchange as BitmexLiquidationClient).watchPublicLiquidations() }];
  if (id === 'gate')
    return [
      {
        label: 'futures.public_liquidates !all',
        call: () => (exchange as GateLiquidationClient).watchPublicLiquidations(),
      },
    ];
  const symbols = coins
    .map((coin) => venuePerpetualSymbol(id, coin, quote))
    .filter((symbol) => exchange.markets?.[symbol] !== undefined);
  if (id === 'htx')
    return symbols.map((symbol) => ({
      label: `liquidation_orders ${symbol}`,
      call: () => (exchange as HtxLiquidationClient).watchPublicLiquidations(symbol),
    }));
  if (id === 'dydx')
    return symbols.map((symbol) => ({
      label: `v4_trades ${symbol}`,
      call: () => (exchange as DydxLiquidationClient).watchPublicLiquidations(symbol),
    }));
  return symbols.map((symbol) => ({ label: symbol, call: () => exchange.watchLiquidations(symbol) }));
}

/** The market facts of `symbol` on a loaded exchange, if it lists it. */
export function marketFacts(exchange: Exchange, symbol: string | undefined): MarketFacts | undefined {
  const m = symbol ? exchange.markets?.[symbol] : undefined;
  if (!m) return undefined;
  return { symbol: m.symbol, base: m.base, contractSize: m.contractSize ?? undefined, inverse: m.inverse ?? undefined };
}
