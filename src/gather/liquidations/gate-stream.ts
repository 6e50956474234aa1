// Gate's public liquidation channel on top of ccxt's Gate websocket client. ccxt 4.5.84 has no
// watchLiquidations for Gate, but Gate documents `futures.public_liquidates` on its USDT perpetuals socket
// (subscribe with the payload ["!all"] for every contract):
//   {"channel":"futures.public_liquidates","event":"update","time":1541505434,"time_ms":1541505434123,
//    "result":[{"price":"215.1","size":"-124.5","time":1541486601123,"contract":"BTC_USDT"}]}
// `size` is the liquidation order's size in contracts, signed: negative sells (a long was liquidated),
// positive buys (a short). Contracts x the market's quanto multiplier (ccxt's contractSize) gives coins.
// Since August 2026 one frame can carry several orders of a contract; older frames gave `time` in
// seconds and `time_ms` beside it. ccxt keeps the connection (pings, reconnect state, errors); this class
// only subscribes and parses, into the same `liquidations` cache the other exchanges fill.
import ccxt, { type Exchange } from 'ccxt';
import { appendLiquidations, num, type CachedLiquidation, type StreamClient } from './stream-cache.ts';

/** Gate's public liquidation channel. */
export const GATE_LIQUIDATION_CHANNEL = 'futures.public_liquidates';

/** The event time of one entry in ms: `time` in ms (seconds in frames before August 2026), else `time_ms`. */
function entryTime(entry: Record<string, unknown>, frame: Record<string, unknown>): number | undefined {
  const t = num(entry.time);
  if (t !== undefined) return t > 1e12 ? t : (num(entry.time_ms) ?? t * 1000);
  return num(entry.time_ms) ?? num(frame.time_ms);
}

const GateBase = ccxt.pro.gate as unknown as new (
  config: object,
) => Exchange & {
  handleMessage(client: StreamClient, message: unknown): void;
  subscribePublic(url: string, messageHash: string, payload: string[], channel: string): Promise<unknown>;
  getUrlByMarketType(type: string, inverse?: boolean): string;
};

/** ccxt's Gate websocket client with `watchPublicLiquidations` (every USDT perpetual). */
export class GateLiquidationClient extends GateBase {
  /** Resolves on the next liquidation frame; read them from `liquidations` (newest last). */
  watchPublicLiquidations(): Promise<unknown> {
    const url = this.getUrlByMarketType('swap', false);
    return this.subscribePublic(url, GATE_LIQUIDATION_CHANNEL, ['!all'], GATE_LIQUIDATION_CHANNEL);
  }

  override handleMessage(client: StreamClient, message: unknown): void {
    const m = message as Record<string, unknown> | undefined;
    if (m?.channel === GATE_LIQUIDATION_CHANNEL && m.event === 'update') {
      this.handlePublicLiquidations(client, m);
      return;
    }
    super.handleMessage(client, message);
  }

  private handlePublicLiquidations(client: StreamClient, frame: Record<string, unknown>): void {
    const entries = Array.isArray(frame.result) ? (frame.result as Array<Record<string, unknown>>) : [];
    const items: CachedLiquidation[] = [];
    for (const entry of entries) {
      if (entry === null || typeof entry !== 'object') continue;
      const size = num(entry.size);
      const market = typeof entry.contract === 'string' ? this.markets_by_id?.[entry.contract]?.[0] : undefined;
      items.push({
        info: entry,
        symbol: market?.symbol ?? String(entry.contract),
        contracts: size === undefined ? Number.NaN : Math.abs(size),
        contractSize: market?.contractSize,
        price: num(entry.price),
        side: size === undefined ? undefined : size < 0 ? 'sell' : 'buy',
        timestamp: entryTime(entry, frame),
      });
    }
    client.resolve(appendLiquidations(this, items), GATE_LIQUIDATION_CHANNEL);
  }
}
