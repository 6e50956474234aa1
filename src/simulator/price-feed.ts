// A fake Binance USD-M market websocket for price watchers: accepts ccxt's SUBSCRIBE (answering
// {"result":null,"id":N}), then pushes `24hrMiniTicker` frames the test drives, to the connections subscribed to
// `<symbol>@miniTicker`. It can drop every connection and refuse new ones, to exercise the polling fallback.
// Point ccxt at it with `urls.api.ws.future = feed.url` (after `loadHttpProxyAgent()`).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One price update to push. */
export interface MiniTickerUpdate {
  /** Binance symbol, e.g. BTCUSDT. */
  symbol: string;
  /** Last price. */
  close: number;
  /** Price 24 h ago (default: the close). */
  open?: number;
  high?: number;
  low?: number;
  /** Event time, epoch ms. */
  at: number;
}

interface Connection {
  ws: WebSocket;
  streams: Set<string>;
}

/** The Binance `24hrMiniTicker` frame for an update. */
export function miniTickerFrame(u: MiniTickerUpdate): Record<string, unknown> {
  const open = u.open ?? u.close;
  return {
    e: '24hrMiniTicker',
    E: u.at,
    s: u.symbol,
    c: String(u.close),
    o: String(open),
    h: String(u.high ?? Math.max(open, u.close)),
    l: String(u.low ?? Math.min(open, u.close)),
    v: '1000.000',
    q: String(1000 * u.close),
  };
}

/** A running price feed. */
export class PriceFeed {
  private readonly connections = new Set<Connection>();
  private readonly listeners = new Set<() => void>();
  private refusing = false;
  private accepted = 0;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    private readonly wss: WebSocketServer,
    /** ws://127.0.0.1:PORT/ws, the value for ccxt's `urls.api.ws.future`. */
    readonly url: string,
  ) {
    wss.on('connection', (ws) => this.accept(ws));
  }

  /** Start on 127.0.0.1 (port 0 picks a free one). */
  static async start(port = 0): Promise<PriceFeed> {
    const server = createServer((_req, res) => res.writeHead(404).end());
    let feed: PriceFeed | undefined;
    const wss = new WebSocketServer({
      server,
      verifyClient: (_info, done) => (feed?.refusing ? done(false, 503, 'feed down (simulated)') : done(true)),
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const { port: bound } = server.address() as AddressInfo;
    feed = new PriceFeed(server, wss, `ws://127.0.0.1:${bound.toString()}/ws`);
    return feed;
  }

  private accept(ws: WebSocket): void {
    const conn: Connection = { ws, streams: new Set() };
    this.connections.add(conn);
    this.accepted += 1;
    ws.on('close', () => {
      this.connections.delete(conn);
      this.changed();
    });
    ws.on('message', (raw) => {
      let msg: { method?: string; params?: unknown; id?: unknown };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        return;
      }
      const params = Array.isArray(msg.params) ? msg.params.map(String) : [];
      if (msg.method === 'SUBSCRIBE') for (const p of params) conn.streams.add(p);
      if (msg.method === 'UNSUBSCRIBE') for (const p of params) conn.streams.delete(p);
      if (msg.method === 'SUBSCRIBE' || msg.method === 'UNSUBSCRIBE')
        ws.send(JSON.stringify({ result: null, id: msg.id }));
      this.changed();
    });
    this.changed();
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Streams subscribed on open connections, e.g. ["btcusdt@miniTicker"]. */
  subscriptions(): string[] {
    return [...new Set([...this.connections].flatMap((c) => [...c.streams]))].sort();
  }

  /** Connections accepted so far (reconnections count again). */
  get connectionsAccepted(): number {
    return this.accepted;
  }

  /** Open connections now. */
  get openConnections(): number {
    return this.connections.size;
  }

  /** Resolve once `check` holds (checked now and on every connection or subscription change). */
  waitFor(check: (feed: PriceFeed) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!check(this)) return;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`price feed: timed out waiting for ${what}`));
      }, timeoutMs);
      this.listeners.add(listener);
      listener();
    });
  }

  /** Resolve once some connection is subscribed to `stream` (e.g. "btcusdt@miniTicker"). */
  waitForSubscription(stream: string, timeoutMs?: number): Promise<void> {
    return this.waitFor((f) => f.subscriptions().includes(stream), `a subscription to ${stream}`, timeoutMs);
  }

  /** Push updates to the connections subscribed to each symbol's mini ticker; returns how many frames went out. */
  push(...updates: MiniTickerUpdate[]): number {
    let sent = 0;
    for (const u of updates) {
      const stream = `${u.symbol.toLowerCase()}@miniTicker`;
      const text = JSON.stringify(miniTickerFrame(u));
      for (const c of this.connections) {
        if (!c.streams.has(stream) || c.ws.readyState !== c.ws.OPEN) continue;
        c.ws.send(text);
        sent += 1;
      }
    }
    return sent;
  }

  /** Drop every open connection at once (as an exchange outage would). */
  disconnectAll(): void {
    for (const c of this.connections) c.ws.terminate();
  }

  /** While on, new connections are refused with HTTP 503. */
  refuse(on: boolean): void {
    this.refusing = on;
  }

  /** Close every connection and the server. */
  async close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
