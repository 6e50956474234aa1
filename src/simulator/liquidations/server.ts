// A fake of the liquidation exchanges on one local port: the REST listing ccxt's loadMarkets
// needs, and websockets that answer subscriptions and pings the way Binance USD-M, Bybit, OKX, Gate, dYdX, HTX and
// BitMEX do (HTX's frames gzipped; BitMEX resends the orders a reconnect missed as its table's `partial`),
// then push liquidation frames on request or from a scenario (bursts, disconnects, malformed frames).
// Control routes for a person driving it by hand: POST /__sim/disconnect?exchange=bybit,
// POST /__sim/mute?exchange=okx&on=1, POST /__sim/play with a scenario JSON body.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  binanceFrame,
  bitmexFrame,
  bybitFrame,
  describe,
  dydxFrame,
  gateFrame,
  htxFrame,
  okxFrame,
  type SentLiquidation,
  type SimLiquidation,
} from './frames.ts';
import {
  binanceInstruments,
  bitmexInstruments,
  bybitInstruments,
  dydxMarkets,
  gateContracts,
  gateCurrencies,
  htxContracts,
  htxCurrencies,
  marketId,
  okxInstruments,
  SIMULATED_EXCHANGES,
  type SimulatedExchange,
} from './markets.ts';
import { parseScenario, type Scenario } from './scenario.ts';

/** Options for startLiquidationSimulator. */
export interface LiquidationSimulatorOptions {
  /** Coins every exchange lists (default BTC, ETH, BNB, SOL, XRP). */
  coins?: string[];
  /** Port to listen on, 0 (default) for any free one. Always 127.0.0.1. */
  port?: number;
  /**
   * After a connection is lost (a forced disconnect, or the client going away, e.g. killed), resend this many
   * of the last frames to the next subscription, as exchanges do after a reconnect (default 0).
   */
  replayOnReconnect?: number;
  /** Clock for the REST answers' server time (default Date.now). */
  now?: () => number;
}

/** Keep-alive pings received per exchange (websocket ping frames for Binance and Gate, op ping for Bybit, "ping" for OKX). */
export type PingCounts = Record<SimulatedExchange, number>;

interface Frame {
  topic: string;
  text: string;
  /** Liquidations the frame carries. */
  events: number;
}

interface Connection {
  ws: WebSocket;
  exchange: SimulatedExchange;
  topics: Set<string>;
}

const BINANCE_ALL = '!forceOrder@arr';
const GATE_CHANNEL = 'futures.public_liquidates';
const BITMEX_TABLE = 'liquidation';
const MAX_HISTORY = 1000;

function exchangeForPath(path: string): SimulatedExchange | undefined {
  if (path.startsWith('/v5/public/linear')) return 'bybit';
  if (path.startsWith('/v4/ws/usdt')) return 'gate';
  if (path.startsWith('/ws/v5/')) return 'okx';
  if (path === '/v4/ws') return 'dydx';
  if (path === '/linear-swap-notification') return 'htx';
  if (path === '/realtime') return 'bitmex';
  if (/\/ws(\/|$)/.test(path)) return 'binanceusdm';
  return undefined;
}

function topicOf(exchange: SimulatedExchange, coin: string): string {
  if (exchange === 'binanceusdm') return `${marketId(exchange, coin).toLowerCase()}@forceOrder`;
  if (exchange === 'bybit') return `allLiquidation.${marketId(exchange, coin)}`;
  if (exchange === 'gate') return GATE_CHANNEL;
  if (exchange === 'dydx') return `v4_trades:${marketId(exchange, coin)}`;
  if (exchange === 'htx') return `public.${marketId(exchange, coin)}.liquidation_orders`;
  if (exchange === 'bitmex') return BITMEX_TABLE;
  return 'liquidation-orders';
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A record with one value per simulated exchange. */
function perExchange<T>(value: () => T): Record<SimulatedExchange, T> {
  return Object.fromEntries(SIMULATED_EXCHANGES.map((ex) => [ex, value()])) as Record<SimulatedExchange, T>;
}

/** The frame of `group` (events of one exchange; one event for Binance, one coin for Bybit and Gate). */
function frameText(exchange: SimulatedExchange, group: SimLiquidation[]): string {
  if (exchange === 'binanceusdm') return binanceFrame(group[0]!);
  if (exchange === 'bybit') return bybitFrame(group);
  if (exchange === 'gate') return gateFrame(group);
  if (exchange === 'dydx') return dydxFrame(group);
  if (exchange === 'htx') return htxFrame(group);
  if (exchange === 'bitmex') return bitmexFrame(group);
  return okxFrame(group);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Write `text` to a connection as its exchange does: HTX gzips every frame, the others send text. */
function send(conn: Connection, text: string): void {
  if (conn.exchange === 'htx') conn.ws.send(gzipSync(text));
  else conn.ws.send(text);
}

/** A running liquidation simulator. Close it when done. */
export class LiquidationSimulator {
  /** Base URL of REST and websockets, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  private readonly connections = new Set<Connection>();
  private readonly accepted = perExchange(() => 0);
  private readonly history = perExchange((): Frame[] => []);
  private readonly replayPending = new Map<SimulatedExchange, Set<string>>();
  private readonly muted = new Set<SimulatedExchange>();
  private readonly deliveredList: SentLiquidation[] = [];
  private readonly requests: string[] = [];
  private readonly pings: PingCounts = perExchange(() => 0);
  private pongs = true;
  private resentEvents = 0;

  constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly coins: string[],
    private readonly replayOnReconnect: number,
    private readonly now: () => number,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    server.on('request', (req, res) => this.onRequest(req, res));
    server.on('upgrade', (req, socket, head) => {
      const exchange = exchangeForPath(new URL(req.url ?? '/', this.url).pathname);
      if (!exchange) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, exchange));
    });
  }

  /** The base URL to give each exchange (all the same port). */
  urls(): Record<SimulatedExchange, string> {
    return perExchange(() => this.url);
  }

  /** Websocket connections accepted so far for `exchange` (reconnects add one each). */
  connectionCount(exchange: SimulatedExchange): number {
    return this.accepted[exchange];
  }

  /** Topics currently subscribed on `exchange`'s open connections. */
  subscriptions(exchange: SimulatedExchange): string[] {
    const topics = new Set<string>();
    for (const c of this.connections) if (c.exchange === exchange) for (const t of c.topics) topics.add(t);
    return [...topics].sort();
  }

  /** Keep-alive pings received so far, per exchange. */
  pingCount(exchange: SimulatedExchange): number {
    return this.pings[exchange];
  }

  /** Stop (false) or resume (true) answering keep-alive pings, as a half-dead connection would. */
  answerPings(answer: boolean): void {
    this.pongs = answer;
  }

  /** Every REST request served, as "METHOD path". */
  restRequests(): string[] {
    return [...this.requests];
  }

  /** Every liquidation delivered to at least one subscriber, with the numbers its frame carried. */
  delivered(exchange?: SimulatedExchange): SentLiquidation[] {
    return this.deliveredList.filter((e) => exchange === undefined || e.exchange === exchange);
  }

  /**
   * Push liquidations to the subscribers: Binance one frame each, Bybit up to 50 per frame and coin,
   * OKX up to 20 per frame (same-coin events share an entry), Gate and dYdX up to 20 per frame and market, BitMEX up
   * to 20 per frame, any instruments. All frames of one call are written back
   * to back. Returns how many events reached a subscriber.
   */
  push(events: readonly SimLiquidation[]): number {
    let count = 0;
    for (const exchange of SIMULATED_EXCHANGES) {
      const mine = events.filter((e) => e.exchange === exchange);
      if (mine.length === 0 || this.muted.has(exchange)) continue;
      const groups: SimLiquidation[][] =
        exchange === 'binanceusdm'
          ? mine.map((e) => [e])
          : exchange === 'bybit' || exchange === 'gate' || exchange === 'dydx' || exchange === 'htx'
            ? [...new Set(mine.map((e) => e.coin))].flatMap((coin) =>
                chunks(
                  mine.filter((e) => e.coin === coin),
                  exchange === 'bybit' ? 50 : 20,
                ),
              )
            : chunks(mine, 20);
      for (const group of groups) {
        const first = group[0]!;
        const text = frameText(exchange, group);
        const frame = { topic: topicOf(exchange, first.coin), text, events: group.length };
        if (this.deliver(exchange, frame) === 0) continue;
        this.remember(exchange, frame);
        for (const e of group) this.deliveredList.push(describe(e));
        count += group.length;
      }
    }
    return count;
  }

  /** Liquidations sent again to a reconnected subscriber (see replayOnReconnect); not in delivered(). */
  resent(): number {
    return this.resentEvents;
  }

  /** Send raw text to every open connection of `exchange` (e.g. a malformed frame). */
  sendRaw(exchange: SimulatedExchange, text: string): number {
    let n = 0;
    for (const c of this.connections) {
      if (c.exchange === exchange && c.ws.readyState === c.ws.OPEN) {
        send(c, text);
        n += 1;
      }
    }
    return n;
  }

  /** Drop every connection of `exchange` at once, as a network failure would (no close handshake). */
  disconnect(exchange: SimulatedExchange): number {
    let n = 0;
    for (const c of [...this.connections]) {
      if (c.exchange !== exchange) continue;
      c.ws.terminate();
      this.connections.delete(c);
      n += 1;
    }
    if (this.replayOnReconnect > 0) this.replayPending.set(exchange, new Set());
    return n;
  }

  /** Keep `exchange`'s connections open and answering pings, but deliver nothing (a silent stream). */
  mute(exchange: SimulatedExchange, muted = true): void {
    if (muted) this.muted.add(exchange);
    else this.muted.delete(exchange);
  }

  /** Play a scenario's steps in order. Offsets count from `scenario.start`, else from `start`, else now. */
  async play(scenario: Scenario, start?: number): Promise<{ delivered: number }> {
    const base = scenario.start ?? start ?? this.now();
    let delivered = 0;
    for (const step of scenario.steps) {
      switch (step.type) {
        case 'liquidation':
          delivered += this.push([
            {
              exchange: step.exchange,
              coin: step.coin,
              side: step.side,
              amount: step.amount,
              price: step.price,
              at: base + step.t,
            },
          ]);
          break;
        case 'burst': {
          const events: SimLiquidation[] = [];
          for (let i = 0; i < step.count; i++) {
            const price = step.price * (1 + step.priceStep) ** i;
            events.push({
              exchange: step.exchange,
              coin: step.coin,
              side: step.side,
              amount: step.amount,
              price,
              at: base + step.t + i * step.spacingMs,
            });
          }
          delivered += this.push(events);
          break;
        }
        case 'disconnect':
          this.disconnect(step.exchange);
          break;
        case 'malformed':
          this.sendRaw(step.exchange, step.frame);
          break;
        case 'wait':
          await sleep(step.ms);
          break;
        case 'subscribed':
          await this.waitForSubscriptions(step.exchange, step.topics, step.timeoutMs);
          break;
      }
    }
    return { delivered };
  }

  /** Resolve once `exchange` has at least `topics` topics subscribed on open connections; reject after `timeoutMs`. */
  async waitForSubscriptions(exchange: SimulatedExchange, topics = 1, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.subscriptions(exchange).length < topics) {
      if (Date.now() > deadline) throw new Error(`${exchange}: no ${topics} subscription(s) within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  /** Close every socket and the server. */
  async close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private deliver(exchange: SimulatedExchange, frame: Frame): number {
    let n = 0;
    for (const c of this.connections) {
      if (c.exchange !== exchange || c.ws.readyState !== c.ws.OPEN) continue;
      if (!c.topics.has(frame.topic) && !(exchange === 'binanceusdm' && c.topics.has(BINANCE_ALL))) continue;
      send(c, frame.text);
      n += 1;
    }
    return n;
  }

  private remember(exchange: SimulatedExchange, frame: Frame): void {
    const list = this.history[exchange];
    list.push(frame);
    if (list.length > MAX_HISTORY) list.shift();
  }

  private onConnection(ws: WebSocket, exchange: SimulatedExchange): void {
    const conn: Connection = { ws, exchange, topics: new Set() };
    this.accepted[exchange] += 1;
    this.connections.add(conn);
    // dYdX's indexer and BitMEX greet each connection
    if (exchange === 'dydx') ws.send(JSON.stringify({ type: 'connected', connection_id: 'sim', message_id: 0 }));
    if (exchange === 'bitmex')
      ws.send(
        JSON.stringify({
          info: 'Welcome to the BitMEX Realtime API.',
          version: '2.0.0',
          timestamp: new Date(this.now()).toISOString(),
          docs: 'https://www.bitmex.com/app/wsAPI',
          heartbeatEnabled: false,
          limit: { remaining: 719 },
        }),
      );
    ws.on('close', () => {
      // a client that went away by itself (closed, crashed, killed) gets the recent frames again on its return
      if (this.connections.delete(conn) && this.replayOnReconnect > 0) this.replayPending.set(exchange, new Set());
    });
    ws.on('error', () => this.connections.delete(conn));
    ws.on('message', (data) => this.onMessage(conn, data.toString()));
    ws.on('ping', (data) => {
      this.pings[exchange] += 1;
      if (this.pongs) ws.pong(data);
    });
  }

  private onMessage(conn: Connection, text: string): void {
    if ((conn.exchange === 'okx' || conn.exchange === 'bitmex') && text === 'ping') {
      this.pings[conn.exchange] += 1;
      if (this.pongs) conn.ws.send('pong');
      return;
    }
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (conn.exchange === 'binanceusdm') {
      const params = Array.isArray(msg.params) ? (msg.params as string[]) : [];
      if (msg.method === 'SUBSCRIBE') this.subscribe(conn, params);
      if (msg.method === 'UNSUBSCRIBE') for (const p of params) conn.topics.delete(p);
      conn.ws.send(JSON.stringify({ result: null, id: msg.id }));
    } else if (conn.exchange === 'bybit') {
      if (msg.op === 'ping') {
        this.pings.bybit += 1;
        if (this.pongs)
          conn.ws.send(
            JSON.stringify({ success: true, ret_msg: 'pong', conn_id: 'sim', req_id: msg.req_id, op: 'ping' }),
          );
        return;
      }
      if (msg.op === 'subscribe') {
        conn.ws.send(
          JSON.stringify({ success: true, ret_msg: '', conn_id: 'sim', req_id: msg.req_id, op: 'subscribe' }),
        );
        this.subscribe(conn, Array.isArray(msg.args) ? (msg.args as string[]) : []);
      }
    } else if (conn.exchange === 'gate') {
      if (msg.event !== 'subscribe' || typeof msg.channel !== 'string') return;
      const at = this.now();
      conn.ws.send(
        JSON.stringify({
          time: Math.floor(at / 1000),
          time_ms: at,
          id: msg.id,
          channel: msg.channel,
          event: 'subscribe',
          payload: msg.payload,
          result: { status: 'success' },
        }),
      );
      this.subscribe(conn, [msg.channel]);
    } else if (conn.exchange === 'htx') {
      if (msg.op === 'pong') return;
      if (msg.op !== 'sub' || typeof msg.topic !== 'string') return;
      send(conn, JSON.stringify({ op: 'sub', cid: msg.cid, topic: msg.topic, ts: this.now(), 'err-code': 0 }));
      this.subscribe(conn, [msg.topic]);
    } else if (conn.exchange === 'bitmex') {
      const args = Array.isArray(msg.args) ? (msg.args as unknown[]) : [];
      if (msg.op !== 'subscribe' || !args.includes(BITMEX_TABLE)) {
        conn.ws.send(JSON.stringify({ status: 400, error: 'Unrecognized request.', meta: {}, request: msg }));
        return;
      }
      conn.ws.send(JSON.stringify({ success: true, subscribe: BITMEX_TABLE, request: msg }));
      this.subscribe(conn, [BITMEX_TABLE]);
    } else if (conn.exchange === 'dydx') {
      if (msg.type !== 'subscribe' || typeof msg.channel !== 'string' || typeof msg.id !== 'string') return;
      // the real indexer answers with the market's recent trades; a fresh simulator has none to give
      conn.ws.send(
        JSON.stringify({
          type: 'subscribed',
          connection_id: 'sim',
          message_id: 0,
          channel: msg.channel,
          id: msg.id,
          contents: { trades: [] },
        }),
      );
      this.subscribe(conn, [`${msg.channel}:${msg.id}`]);
    } else if (msg.op === 'subscribe' && Array.isArray(msg.args)) {
      for (const arg of msg.args as Array<Record<string, unknown>>) {
        conn.ws.send(JSON.stringify({ event: 'subscribe', arg, connId: 'sim' }));
        if (typeof arg.channel === 'string') this.subscribe(conn, [arg.channel]);
      }
    }
  }

  private subscribe(conn: Connection, topics: string[]): void {
    for (const t of topics) conn.topics.add(t);
    const pending = this.replayPending.get(conn.exchange);
    if (conn.exchange === 'bitmex') return this.bitmexPartial(conn, pending);
    if (!pending) return;
    const fresh = topics.filter((t) => !pending.has(t));
    for (const t of fresh) pending.add(t);
    const all = conn.exchange === 'binanceusdm' && fresh.includes(BINANCE_ALL);
    for (const frame of this.history[conn.exchange].slice(-this.replayOnReconnect)) {
      if (all || fresh.includes(frame.topic)) {
        send(conn, frame.text);
        this.resentEvents += frame.events;
      }
    }
  }

  /**
   * BitMEX answers each subscription with the table's `partial`: the liquidation orders still working. After a lost
   * connection (with replayOnReconnect) those are the last frames' orders, listed again; else none.
   */
  private bitmexPartial(conn: Connection, pending: Set<string> | undefined): void {
    const frames = pending && !pending.has(BITMEX_TABLE) ? this.history.bitmex.slice(-this.replayOnReconnect) : [];
    pending?.add(BITMEX_TABLE);
    const data = frames.flatMap((f) => (JSON.parse(f.text) as { data: unknown[] }).data);
    this.resentEvents += data.length;
    const types = { orderID: 'guid', symbol: 'symbol', side: 'symbol', price: 'float', leavesQty: 'long' };
    send(conn, JSON.stringify({ table: BITMEX_TABLE, action: 'partial', keys: ['orderID'], types, filter: {}, data }));
  }

  private async onControl(
    url: URL,
    req: IncomingMessage,
    send: (status: number, body: unknown) => void,
  ): Promise<void> {
    const exchange = url.searchParams.get('exchange') as SimulatedExchange | null;
    const known = exchange !== null && (SIMULATED_EXCHANGES as readonly string[]).includes(exchange);
    try {
      if (url.pathname === '/__sim/disconnect' && known) return send(200, { dropped: this.disconnect(exchange) });
      if (url.pathname === '/__sim/mute' && known) {
        this.mute(exchange, url.searchParams.get('on') !== '0');
        return send(200, { muted: [...this.muted] });
      }
      if (url.pathname === '/__sim/play') {
        let body = '';
        for await (const chunk of req) body += String(chunk);
        return send(200, await this.play(parseScenario(JSON.parse(body))));
      }
      send(404, { error: 'unknown control route or exchange' });
    } catch (error) {
      send(400, { error: String((error as Error)?.message ?? error) });
    }
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/__sim/') && req.method === 'POST') return void this.onControl(url, req, send);
    if (url.pathname === '/fapi/v1/exchangeInfo') return send(200, binanceInstruments(this.coins, this.now()));
    if (url.pathname === '/v5/market/instruments-info' && url.searchParams.get('category') === 'linear') {
      return send(200, bybitInstruments(this.coins, this.now(), url.searchParams.get('status') ?? undefined));
    }
    if (url.pathname === '/api/v5/public/instruments' && url.searchParams.get('instType') === 'SWAP')
      return send(200, okxInstruments(this.coins));
    if (url.pathname === '/api/v4/futures/usdt/contracts') return send(200, gateContracts(this.coins));
    if (url.pathname === '/api/v4/spot/currencies') return send(200, gateCurrencies(this.coins));
    if (url.pathname === '/v4/perpetualMarkets') return send(200, dydxMarkets(this.coins));
    if (url.pathname === '/linear-swap-api/v1/swap_contract_info') return send(200, htxContracts(this.coins));
    if (url.pathname === '/v2/reference/currencies') return send(200, htxCurrencies(this.coins));
    if (url.pathname === '/api/v1/instrument/active') return send(200, bitmexInstruments(this.coins));
    send(404, { code: -1, msg: `not simulated: ${url.pathname}` });
  }
}

/** Start the simulator on 127.0.0.1 and resolve once it listens. */
export async function startLiquidationSimulator(
  options: LiquidationSimulatorOptions = {},
): Promise<LiquidationSimulator> {
  const server = createServer();
  // pongs are sent by hand, so that a test can stop them
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return new LiquidationSimulator(
    server,
    wss,
    options.coins ?? ['BTC', 'ETH', 'BNB', 'SOL', 'XRP'],
    options.replayOnReconnect ?? 0,
    options.now ?? Date.now,
  );
}
