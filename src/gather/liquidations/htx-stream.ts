// HTX's public liquidation topic on top of ccxt's HTX websocket client. ccxt 4.5.84 has no watchLiquidations for
// HTX, but HTX documents `public.<CONTRACT>.liquidation_orders` on its USDT-margined swaps' notification socket,
// subscribed without authentication:
//   {"op":"sub","cid":"...","topic":"public.BTC-USDT.liquidation_orders"}
//   {"op":"notify","topic":"public.BTC-USDT.liquidation_orders","ts":1796594013618,"data":[{"contract_code":
//    "BTC-USDT","symbol":"BTC","direction":"sell","offset":"close","volume":250,"amount":0.25,"price":54000,
//    "trade_turnover":13500,"created_at":1796594013614}]}
// `direction` is the liquidation order's (sell closes a long); `volume` is contracts (x the market's contract size
// gives coins). HTX gzips every frame and pings with {"op":"ping"}; ccxt inflates the frames and answers the pings.
// This class only subscribes and parses, into the same `liquidations` cache the other exchanges fill.
import ccxt, { type Exchange } from 'ccxt';
import { appendLiquidations, num, type CachedLiquidation, type StreamClient } from './stream-cache.ts';

const HtxBase = ccxt.pro.htx as unknown as new (
  config: object,
) => Exchange & {
  handleMessage(client: StreamClient, message: unknown): void;
  watch(url: string, messageHash: string, message: object, subscribeHash: string): Promise<unknown>;
  getUrlByMarketType(type: string, isLinear?: boolean, isPrivate?: boolean): string;
  requestId(): number;
};

const TOPIC = /^public\.([A-Z0-9]+-[A-Z0-9]+)\.liquidation_orders$/;

/** ccxt's HTX websocket client with `watchPublicLiquidations(symbol)` (a USDT-margined swap). */
export class HtxLiquidationClient extends HtxBase {
  /** Resolves on the contract's next liquidation frame; read them from `liquidations` (newest last). */
  async watchPublicLiquidations(symbol: string): Promise<unknown> {
    await this.loadMarkets();
    const market = this.market(symbol);
    const topic = `public.${market.id}.liquidation_orders`;
    // the notification socket of the linear swaps (the "private" one in ccxt's table; this topic needs no key)
    const url = this.getUrlByMarketType('swap', true, true);
    return this.watch(url, topic, { op: 'sub', cid: String(this.requestId()), topic }, topic);
  }

  override handleMessage(client: StreamClient, message: unknown): void {
    const m = message as Record<string, unknown> | undefined;
    if (typeof m?.topic === 'string' && TOPIC.test(m.topic)) {
      // the subscription's answer carries no data; ccxt's own handler would look for an order channel
      if (m.op === 'notify') this.handleLiquidationOrders(client, m.topic, m);
      return;
    }
    super.handleMessage(client, message);
  }

  private handleLiquidationOrders(client: StreamClient, topic: string, frame: Record<string, unknown>): void {
    const entries = Array.isArray(frame.data) ? (frame.data as Array<Record<string, unknown>>) : [];
    const items: CachedLiquidation[] = [];
    for (const entry of entries) {
      if (entry === null || typeof entry !== 'object') continue;
      const code = typeof entry.contract_code === 'string' ? entry.contract_code : undefined;
      const market = code ? this.markets_by_id?.[code]?.[0] : undefined;
      items.push({
        info: entry,
        symbol: market?.symbol ?? String(code),
        contracts: num(entry.volume) ?? Number.NaN,
        contractSize: market?.contractSize,
        price: num(entry.price),
        side: typeof entry.direction === 'string' ? entry.direction.toLowerCase() : undefined,
        timestamp: num(entry.created_at),
      });
    }
    client.resolve(appendLiquidations(this, items), topic);
  }
}
