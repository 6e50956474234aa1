// BitMEX's public liquidation table, on ccxt's own websocket machinery. ccxt 4.5.84 has no BitMEX client at all, so
// this class extends ccxt's base Exchange with the two things the collector needs: the markets (REST
// `GET /api/v1/instrument/active`) and the `liquidation` table of wss://ws.bitmex.com/realtime, public and keyless:
//   {"op":"subscribe","args":["liquidation"]}
//   {"table":"liquidation","action":"insert","data":[{"orderID":"03f4bca6-...","symbol":"XBTUSD","side":"Sell",
//    "price":90927.1,"leavesQty":876800}]}
// The table holds the liquidation orders working right now: `insert` adds one (its `leavesQty` is the whole
// liquidated position, in contracts), `update` and `delete` follow it as it fills, and `partial`, sent on each
// subscription, lists those still working. Rows carry no time, so a liquidation is stamped when it first arrives,
// and each order is counted once by its id, even when a reconnect's `partial` lists it again (ids are remembered
// per process; a restart while an order is still working can count it again, a matter of seconds). `side` is the
// liquidation order's (Sell closes a long). Contracts: XBTUSD-style inverse perpetuals are $1 each; linear USDT
// perpetuals are 1 / underlyingToPositionMultiplier coins each; quanto contracts (ETHUSD, settled in bitcoin) have no
// USD value of contracts x size x price, so they are left out. BitMEX names bitcoin XBT. Keep-alive: "ping" / "pong".
import ccxt, { type Exchange, type Market } from 'ccxt';
import { LRUCache } from 'lru-cache';
import { UpstreamPausedError } from '../rate-limit-gate.ts';
import { appendLiquidations, num, type CachedLiquidation, type StreamClient } from './stream-cache.ts';

/** The table subscribed to (every instrument's liquidations). */
export const BITMEX_LIQUIDATION_TABLE = 'liquidation';

/** The members of ccxt's base Exchange this class uses beyond the public typings. */
const Base = ccxt.Exchange as unknown as new (
  config: object,
) => Exchange & {
  describe(): Record<string, unknown>;
  deepExtend(...objects: object[]): Record<string, unknown>;
  watch(url: string, messageHash: string, message: object, subscribeHash: string): Promise<unknown>;
  request(path: string, api: string, method: string, params?: object): Promise<unknown>;
  safeMarketStructure(market: object): Market;
  urlencode(params: object): string;
};

/** Liquidation order ids seen by this process (a reconnect's `partial` lists working orders again). */
const seenOrders = new LRUCache<string, true>({ max: 20_000 });

/** BitMEX's code of a coin, and back: bitcoin is XBT there. */
const fromBitmex = (code: string) => (code === 'XBT' ? 'BTC' : code);

/** A perpetual BitMEX lists as a ccxt market, or undefined for the rest (futures, quantos, closed). */
function perpetualMarket(row: Record<string, unknown>): Record<string, unknown> | undefined {
  if (row.typ !== 'FFWCSX' || row.state !== 'Open' || row.isQuanto === true) return undefined;
  const id = typeof row.symbol === 'string' ? row.symbol : undefined;
  const root = typeof row.rootSymbol === 'string' ? row.rootSymbol : undefined;
  const quote = typeof row.quoteCurrency === 'string' ? row.quoteCurrency : undefined;
  if (!id || !root || !quote) return undefined;
  const base = fromBitmex(root);
  const inverse = row.isInverse === true;
  // inverse perpetuals are $1 a contract and settle in the coin; linear ones settle in the quote
  const perCoin = num(row.underlyingToPositionMultiplier);
  const contractSize = inverse ? 1 : perCoin && perCoin > 0 ? 1 / perCoin : undefined;
  if (contractSize === undefined) return undefined;
  const settle = inverse ? base : quote;
  return {
    id,
    symbol: `${base}/${quote}:${settle}`,
    base,
    quote,
    settle,
    baseId: root,
    quoteId: quote,
    settleId: inverse ? root : quote,
    type: 'swap',
    spot: false,
    margin: false,
    swap: true,
    future: false,
    option: false,
    active: true,
    contract: true,
    linear: !inverse,
    inverse,
    contractSize,
    precision: { amount: num(row.lotSize), price: num(row.tickSize) },
    info: row,
  };
}

/** BitMEX's markets and public liquidation table, on ccxt's base websocket client. */
export class BitmexLiquidationClient extends Base {
  override describe(): Record<string, unknown> {
    return this.deepExtend(super.describe(), {
      id: 'bitmex',
      name: 'BitMEX',
      // unauthenticated REST allows 30 requests a minute
      rateLimit: 2000,
      pro: true,
      has: { ws: true, fetchMarkets: true, fetchCurrencies: false },
      urls: { api: { public: 'https://www.bitmex.com/api/v1', ws: 'wss://ws.bitmex.com/realtime' } },
      api: { public: { get: { 'instrument/active': 1 } } },
      streaming: { keepAlive: 20_000 },
    });
  }

  /** The URL of a public REST call. */
  override sign(path: string, api = 'public', method = 'GET', params: object = {}) {
    const query = Object.keys(params).length ? `?${this.urlencode(params)}` : '';
    return { url: `${String((this.urls.api as Record<string, string>)[api])}/${path}${query}`, method };
  }

  /** The open perpetuals, inverse and linear (quantos left out). */
  override async fetchMarkets(): Promise<Market[]> {
    const rows = await this.request('instrument/active', 'public', 'GET');
    if (!Array.isArray(rows)) throw new ccxt.BadResponse('bitmex instrument/active did not answer a list');
    return rows.flatMap((row) => {
      const m = row && typeof row === 'object' ? perpetualMarket(row as Record<string, unknown>) : undefined;
      return m ? [this.safeMarketStructure(m)] : [];
    });
  }

  /** BitMEX's keep-alive is a plain-text "ping". */
  override ping(): string {
    return 'ping';
  }

  /** Resolves on the table's next message; read new liquidations from `liquidations` (newest last). */
  async watchPublicLiquidations(): Promise<unknown> {
    await this.loadMarkets();
    const url = String((this.urls.api as Record<string, string>).ws);
    const table = BITMEX_LIQUIDATION_TABLE;
    return this.watch(url, table, { op: 'subscribe', args: [table] }, table);
  }

  override handleMessage(client: StreamClient, message: unknown): void {
    if (message === 'pong') {
      client.lastPong = this.milliseconds();
      return;
    }
    const m = message as Record<string, unknown> | undefined;
    if (!m || typeof m !== 'object') return;
    if (m.table === BITMEX_LIQUIDATION_TABLE) return this.handleTable(client, m);
    // {"status":429,"error":"Rate limit exceeded, retry in 1 seconds.","meta":{"retryAfter":1}}, or a refused request
    if (typeof m.status === 'number' && typeof m.error === 'string') {
      const retryAfter = num((m.meta as Record<string, unknown> | undefined)?.retryAfter);
      const at = this.milliseconds();
      const error =
        m.status === 429
          ? new UpstreamPausedError('BitMEX', at + (retryAfter ?? 1) * 1000, (retryAfter ?? 1) * 1000, 429)
          : new ccxt.ExchangeError(`bitmex ${m.status}: ${m.error}`);
      client.reject(error, BITMEX_LIQUIDATION_TABLE);
    }
    // the welcome ({"info":...}) and the subscription's answer ({"success":true,...}) need nothing
  }

  /** Every message of the table shows the stream alive; `partial` and `insert` rows not seen before are new. */
  private handleTable(client: StreamClient, frame: Record<string, unknown>): void {
    const rows = Array.isArray(frame.data) ? (frame.data as Array<Record<string, unknown>>) : [];
    const items: CachedLiquidation[] = [];
    if (frame.action === 'partial' || frame.action === 'insert') {
      const at = this.milliseconds();
      for (const row of rows) {
        if (row === null || typeof row !== 'object' || typeof row.orderID !== 'string') continue;
        const market = typeof row.symbol === 'string' ? this.markets_by_id?.[row.symbol]?.[0] : undefined;
        // instruments without a market (quantos, futures) are not liquidations whybot can value
        if (!market || seenOrders.has(row.orderID)) continue;
        seenOrders.set(row.orderID, true);
        items.push({
          info: row,
          symbol: market.symbol,
          contracts: num(row.leavesQty) ?? Number.NaN,
          contractSize: market.contractSize,
          price: num(row.price),
          side: typeof row.side === 'string' ? row.side.toLowerCase() : undefined,
          timestamp: at,
        });
      }
    }
    client.resolve(appendLiquidations(this, items), BITMEX_LIQUIDATION_TABLE);
  }
}
