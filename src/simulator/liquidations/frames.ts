// Writes liquidation events as each exchange's websocket frame: Binance `forceOrder`, Bybit
// `allLiquidation.<SYMBOL>`, OKX `liquidation-orders`, Gate `futures.public_liquidates`, dYdX `v4_trades`
// (liquidation trades among the others), HTX `public.<CONTRACT>.liquidation_orders` and BitMEX's `liquidation` table
// (an insert per liquidation order, no time: BitMEX stamps none), with each exchange's side
// convention and units (the server gzips HTX's frames, as HTX does).
import { perpetualSymbol } from '../../core/markets.ts';
import { contractValue, marketId, type SimulatedExchange } from './markets.ts';

/** A liquidation to push, in plain terms. */
export interface SimLiquidation {
  exchange: SimulatedExchange;
  coin: string;
  /** Which position was liquidated. */
  side: 'long' | 'short';
  /** Size in coins. */
  amount: number;
  price: number;
  /** Epoch ms. */
  at: number;
}

/** What the collector should compute from a frame: the exchange's numbers, multiplied as whybot does. */
export interface SentLiquidation extends SimLiquidation {
  symbol: string;
  /** Contracts as written in the frame. */
  contracts: number;
  /** contracts x contract size x price, in the order the collector multiplies them. */
  usd: number;
}

/** Format a number as the exchanges do: a decimal string, no exponent, no float noise. */
export function decimal(n: number): string {
  return Number(n.toPrecision(12)).toString();
}

/** The frame numbers of one event (contracts rounded as the exchange would print them). */
export function describe(e: SimLiquidation): SentLiquidation {
  const size = contractValue(e.exchange, e.coin);
  // BitMEX counts whole contracts
  const contracts = e.exchange === 'bitmex' ? Math.round(e.amount / size) : Number(decimal(e.amount / size));
  const price = Number(decimal(e.price));
  const symbol = perpetualSymbol(e.coin);
  return { ...e, price, symbol, contracts, usd: contracts * size * price };
}

/** One Binance `forceOrder` frame (the order side: SELL closes a long). */
export function binanceFrame(e: SimLiquidation): string {
  const d = describe(e);
  return JSON.stringify({
    e: 'forceOrder',
    E: e.at + 2,
    o: {
      s: marketId('binanceusdm', e.coin),
      S: e.side === 'long' ? 'SELL' : 'BUY',
      o: 'LIMIT',
      f: 'IOC',
      q: decimal(d.contracts),
      p: decimal(d.price * (e.side === 'long' ? 0.995 : 1.005)),
      ap: decimal(d.price),
      X: 'FILLED',
      l: decimal(d.contracts),
      z: decimal(d.contracts),
      T: e.at,
    },
  });
}

/** One Bybit `allLiquidation.<SYMBOL>` frame holding events of one coin (Bybit's S is the position side: Buy = a long). */
export function bybitFrame(events: readonly SimLiquidation[]): string {
  const first = events[0]!;
  const id = marketId('bybit', first.coin);
  return JSON.stringify({
    topic: `allLiquidation.${id}`,
    type: 'snapshot',
    ts: Math.max(...events.map((e) => e.at)) + 5,
    data: events.map((e) => {
      const d = describe(e);
      return { T: e.at, s: id, S: e.side === 'long' ? 'Buy' : 'Sell', v: decimal(d.contracts), p: decimal(d.price) };
    }),
  });
}

/**
 * One OKX `liquidation-orders` frame. Events of the same coin share an entry with several `details`
 * (OKX does this in a cascade; ccxt itself parses only the first detail of each entry).
 */
export function okxFrame(events: readonly SimLiquidation[]): string {
  const byCoin = new Map<string, SimLiquidation[]>();
  for (const e of events) byCoin.set(e.coin, [...(byCoin.get(e.coin) ?? []), e]);
  return JSON.stringify({
    arg: { channel: 'liquidation-orders', instType: 'SWAP' },
    data: [...byCoin].map(([coin, list]) => ({
      details: list.map((e) => {
        const d = describe(e);
        return {
          bkLoss: '0',
          bkPx: decimal(d.price),
          ccy: '',
          posSide: e.side,
          side: e.side === 'long' ? 'sell' : 'buy',
          sz: decimal(d.contracts),
          ts: String(e.at),
        };
      }),
      instFamily: `${coin}-USDT`,
      instId: marketId('okx', coin),
      instType: 'SWAP',
      uly: `${coin}-USDT`,
    })),
  });
}

/**
 * One Gate `futures.public_liquidates` frame: the orders of one contract (Gate batches a contract's orders of
 * one second, up to 20). `size` is the order's signed size in contracts: negative sells (a long was liquidated).
 */
export function gateFrame(events: readonly SimLiquidation[]): string {
  const last = Math.max(...events.map((e) => e.at)) + 3;
  return JSON.stringify({
    channel: 'futures.public_liquidates',
    event: 'update',
    time: Math.floor(last / 1000),
    time_ms: last,
    result: events.map((e) => {
      const d = describe(e);
      return {
        price: decimal(d.price),
        size: decimal(e.side === 'long' ? -d.contracts : d.contracts),
        time: e.at,
        contract: marketId('gate', e.coin),
      };
    }),
  });
}

let dydxMessageId = 0;

/**
 * One dYdX `v4_trades` frame of one market: the liquidation trades (type LIQUIDATED, `side` the liquidation order's:
 * SELL closes a long; `size` in coins), with an ordinary trade beside them as on the real channel.
 */
export function dydxFrame(events: readonly SimLiquidation[]): string {
  const first = events[0]!;
  const trade = (e: SimLiquidation, type: string, i: number) => {
    const d = describe(e);
    return {
      id: `${e.at.toString(16)}${i.toString().padStart(4, '0')}${e.side === 'long' ? 'l' : 's'}`,
      side: e.side === 'long' ? 'SELL' : 'BUY',
      size: decimal(d.contracts),
      price: decimal(d.price),
      type,
      createdAt: new Date(e.at).toISOString(),
      createdAtHeight: String(Math.floor(e.at / 1000)),
    };
  };
  return JSON.stringify({
    type: 'channel_data',
    connection_id: 'sim',
    message_id: ++dydxMessageId,
    id: marketId('dydx', first.coin),
    channel: 'v4_trades',
    version: '2.1.0',
    contents: { trades: [...events.map((e, i) => trade(e, 'LIQUIDATED', i)), trade(first, 'LIMIT', events.length)] },
  });
}

/**
 * One HTX `public.<CONTRACT>.liquidation_orders` frame of one contract. `direction` is the liquidation order's
 * (sell closes a long); `volume` is contracts, `amount` coins and `trade_turnover` USDT.
 */
export function htxFrame(events: readonly SimLiquidation[]): string {
  const first = events[0]!;
  const code = marketId('htx', first.coin);
  return JSON.stringify({
    op: 'notify',
    topic: `public.${code}.liquidation_orders`,
    ts: Math.max(...events.map((e) => e.at)) + 4,
    data: events.map((e) => {
      const d = describe(e);
      return {
        contract_code: code,
        symbol: e.coin,
        direction: e.side === 'long' ? 'sell' : 'buy',
        offset: 'close',
        volume: Number(decimal(d.contracts)),
        amount: Number(decimal(d.contracts * contractValue('htx', e.coin))),
        trade_turnover: Number(decimal(d.usd)),
        price: Number(decimal(d.price)),
        created_at: e.at,
        pair: code,
        business_type: 'swap',
      };
    }),
  });
}

let bitmexOrder = 0;

/**
 * One BitMEX `liquidation` table frame: an `insert` of one liquidation order per event, any instruments. `side` is
 * the order's (Sell closes a long); `leavesQty` is contracts; rows carry no time. Each order has an id of its own.
 */
export function bitmexFrame(events: readonly SimLiquidation[]): string {
  return JSON.stringify({
    table: 'liquidation',
    action: 'insert',
    data: events.map((e) => {
      const d = describe(e);
      bitmexOrder += 1;
      return {
        orderID: `00000000-0000-4000-8000-${bitmexOrder.toString(16).padStart(12, '0')}`,
        symbol: marketId('bitmex', e.coin),
        side: e.side === 'long' ? 'Sell' : 'Buy',
        price: Number(decimal(d.price)),
        leavesQty: d.contracts,
      };
    }),
  });
}
