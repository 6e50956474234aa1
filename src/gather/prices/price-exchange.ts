// The ccxt pro client the drop-alert watcher reads prices from (websocket tickers, REST polling and 1m candles
// as fallbacks), optionally pointed at a proxy or the local simulator and price feed.
import ccxt, { type Exchange } from 'ccxt';
import { UnknownExchangeError } from '../errors.ts';
import { pointExchangeAt, pointWebsocketsAt } from '../exchange.ts';
import { guardExchange } from '../rate-limit-gate.ts';

/** Where and how to reach the exchange. */
export interface PriceExchangeOptions {
  /** ccxt id, e.g. binanceusdm. */
  id: string;
  /** REST base (http://host:port) instead of the exchange's own. */
  restUrl?: string;
  /** Websocket base (ws://host:port) instead of the exchange's own; paths are kept (Binance USD-M: /ws). */
  wsUrl?: string;
  timeoutMs?: number;
}

/** A ccxt pro exchange with public endpoints only. Close it with `await exchange.close()`. */
export async function createPriceExchange(options: PriceExchangeOptions): Promise<Exchange> {
  const Class = (ccxt.pro as unknown as Record<string, (new (config: object) => Exchange) | undefined>)[options.id];
  if (typeof Class !== 'function')
    throw new UnknownExchangeError(
      `Exchange "${options.id}" has no websocket support in ccxt; use binanceusdm, bybit or okx.`,
    );
  const exchange = new Class({
    enableRateLimit: false,
    timeout: options.timeoutMs ?? 10_000,
    // the watcher's own loop decides when to reconnect (and polls meanwhile)
    options: { ws: { backoff: { base: 0 } } },
  });
  if (options.restUrl) pointExchangeAt(exchange, options.restUrl);
  if (options.wsUrl) {
    pointWebsocketsAt(exchange, new URL(options.wsUrl).origin.replace(/^http/, 'ws'));
    // ccxt refuses plain ws:// until its http agent is loaded
    if (options.wsUrl.startsWith('ws://')) await exchange.loadHttpProxyAgent();
  }
  // a Retry-After from this exchange pauses its REST calls and markets loads process-wide
  return guardExchange(exchange);
}
