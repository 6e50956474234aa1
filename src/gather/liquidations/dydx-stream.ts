// dYdX's liquidations, read from its public trades channel on top of ccxt's dYdX websocket client. dYdX v4 has no
// liquidation channel, but its indexer's `v4_trades` marks each trade with its type, and a liquidation is a trade
// of type LIQUIDATED (DELEVERAGED trades are auto-deleveraging, not liquidations, and are left out):
//   {"type":"channel_data","channel":"v4_trades","id":"BTC-USD","contents":{"trades":[{"id":"...","side":"SELL",
//    "size":"0.25","price":"54000","type":"LIQUIDATED","createdAt":"2024-08-05T06:00:01.123Z",...}]}}
// `side` is the liquidation order's (it takes liquidity): SELL closes a long. `size` is in coins (contract size 1).
// The answer to a subscription carries the market's recent trades, so liquidations seen before a reconnect come
// again; the collector counts them once. ccxt keeps the connection; this class only subscribes and parses, into the
// same `liquidations` cache the other exchanges fill, and resolves on every trades frame (a live market's trades
// show the stream is alive even in hours without a liquidation).
import ccxt, { type Exchange } from 'ccxt';
import { appendLiquidations, num, type CachedLiquidation, type StreamClient } from './stream-cache.ts';

/** dYdX's public trades channel. */
export const DYDX_TRADES_CHANNEL = 'v4_trades';

const DydxBase = ccxt.pro.dydx as unknown as new (
  config: object,
) => Exchange & {
  handleMessage(client: StreamClient, message: unknown): void;
  watch(url: string, messageHash: string, message: object, subscribeHash: string): Promise<unknown>;
};

/** ccxt's dYdX websocket client with `watchPublicLiquidations(symbol)`. */
export class DydxLiquidationClient extends DydxBase {
  /** Resolves on the market's next trades frame; read the liquidations from `liquidations` (newest last). */
  async watchPublicLiquidations(symbol: string): Promise<unknown> {
    await this.loadMarkets();
    const market = this.market(symbol);
    const hash = `liquidations:${market.symbol}`;
    const url = String(this.urls.api.ws);
    return this.watch(url, hash, { type: 'subscribe', channel: DYDX_TRADES_CHANNEL, id: market.id }, hash);
  }

  override handleMessage(client: StreamClient, message: unknown): void {
    const m = message as Record<string, unknown> | undefined;
    if (m?.channel === DYDX_TRADES_CHANNEL && (m.type === 'channel_data' || m.type === 'subscribed')) {
      this.handleTradesFrame(client, m);
      return;
    }
    super.handleMessage(client, message);
  }

  private handleTradesFrame(client: StreamClient, frame: Record<string, unknown>): void {
    const market = typeof frame.id === 'string' ? this.markets_by_id?.[frame.id]?.[0] : undefined;
    if (market === undefined) return;
    const contents = frame.contents as { trades?: unknown } | undefined;
    const trades = Array.isArray(contents?.trades) ? (contents.trades as Array<Record<string, unknown>>) : [];
    const items: CachedLiquidation[] = [];
    for (const trade of trades) {
      if (trade === null || typeof trade !== 'object' || trade.type !== 'LIQUIDATED') continue;
      const at = typeof trade.createdAt === 'string' ? Date.parse(trade.createdAt) : Number.NaN;
      items.push({
        info: trade,
        symbol: market.symbol,
        contracts: num(trade.size) ?? Number.NaN,
        contractSize: market.contractSize,
        price: num(trade.price),
        side: typeof trade.side === 'string' ? trade.side.toLowerCase() : undefined,
        timestamp: Number.isFinite(at) ? at : undefined,
      });
    }
    client.resolve(appendLiquidations(this, items), `liquidations:${market.symbol}`);
  }
}
