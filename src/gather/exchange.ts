// Creates the ccxt exchange whybot reads market data from, optionally pointed at another base URL
// (a REST proxy, or the local exchange simulator in tests and replays).
import ccxt, { type Exchange } from 'ccxt';
import { guardExchange } from './rate-limit-gate.ts';

const FRIENDLY_NAMES: Record<string, string> = {
  binanceusdm: 'Binance USD-M',
  binance: 'Binance',
  bybit: 'Bybit',
  okx: 'OKX',
};

/** A readable exchange name for articles ("Binance USD-M"), from a ccxt id. */
export function exchangeDisplayName(id: string): string {
  return FRIENDLY_NAMES[id] ?? id;
}

/** What whybot reads on each exchange: its USDT-settled linear perpetuals (BTC/USDT:USDT). */
const MARKET_NAMES: Record<string, string> = {
  binanceusdm: 'Binance USD-M',
  binance: 'Binance USD-M',
  bybit: 'Bybit perpetuals',
  okx: 'OKX perpetuals',
};

/**
 * The exchange and market a live snapshot reads, for articles and source lines: whybot reads linear
 * perpetuals, so "Binance USD-M", "Bybit perpetuals"; an exchange not listed is "<name> perpetuals".
 */
export function marketDisplayName(id: string): string {
  return MARKET_NAMES[id] ?? `${exchangeDisplayName(id)} perpetuals`;
}

/** Thrown for an exchange id ccxt does not know. */
export class UnknownExchangeError extends Error {
  override readonly name = 'UnknownExchangeError';
}

/** Options for createExchange. */
export interface ExchangeOptions {
  /** Replace the scheme and host of every REST URL with this base (e.g. http://127.0.0.1:4000). */
  baseUrl?: string;
  /** Request timeout in ms. */
  timeoutMs?: number;
}

/** Replace scheme and host of every URL in `exchange.urls.api` (any depth) matching `scheme` with `base`, keeping paths. */
function rewriteUrls(exchange: Exchange, scheme: RegExp, base: string): void {
  const host = new RegExp(`^${scheme.source}://[^/]+`);
  const rewrite = (node: unknown): unknown => {
    if (typeof node === 'string') return host.test(node) ? node.replace(host, base.replace(/\/$/, '')) : node;
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) (node as Record<string, unknown>)[k] = rewrite(v);
    }
    return node;
  };
  rewrite(exchange.urls.api);
}

/** Point every REST URL of `exchange` at `baseUrl` (http://host:port), keeping the paths. */
export function pointExchangeAt(exchange: Exchange, baseUrl: string): void {
  rewriteUrls(exchange, /https?/, baseUrl);
}

/** Point every websocket URL of `exchange` at `wsBase` (ws://host:port), keeping the paths. */
export function pointWebsocketsAt(exchange: Exchange, wsBase: string): void {
  rewriteUrls(exchange, /wss?/, wsBase);
}

/**
 * Load the exchange's markets, really trying again after a failure: ccxt keeps the promise of a failed
 * loadMarkets and hands that same rejection to every later call, so one network blip at start-up would
 * otherwise leave the exchange without markets for the life of the process.
 */
export function loadMarkets(exchange: Exchange): ReturnType<Exchange['loadMarkets']> {
  const loaded = exchange.markets !== undefined && Object.keys(exchange.markets).length > 0;
  return loaded ? exchange.loadMarkets() : exchange.loadMarkets(true);
}

/** A ccxt REST exchange by id, with public endpoints only (no API keys), ready to load markets. */
export function createExchange(id: string, options: ExchangeOptions = {}): Exchange {
  const Class = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[id];
  if (typeof Class !== 'function' || !ccxt.exchanges.includes(id)) {
    throw new UnknownExchangeError(`Unknown exchange "${id}": use a ccxt id such as binanceusdm, bybit or okx.`);
  }
  // ccxt's own throttle spaces requests by their weight (fetchTickers alone waits 2 s on Binance). whybot makes
  // one snapshot build (about 20 light requests) per cache TTL, far below every exchange's limit, so it is off;
  // 429s are handled by the retry policy in upstream-call.ts, and a Retry-After pauses every client of the
  // exchange in this process (rate-limit-gate.ts).
  const exchange = new Class({ enableRateLimit: false, timeout: options.timeoutMs ?? 10_000 });
  if (options.baseUrl) pointExchangeAt(exchange, options.baseUrl);
  return guardExchange(exchange);
}
