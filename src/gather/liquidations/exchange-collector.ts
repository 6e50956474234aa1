// Collects one exchange's liquidation stream through ccxt's websockets: a session per connection,
// new events read from ccxt's liquidation cache after every wake-up (a burst can deliver many frames per
// wake-up), normalised, handed to a sink (the store leaves out events it already holds); reconnects with backoff
// (never before the time the exchange asked us to wait), records gaps, and restarts a stream that has gone quiet
// for longer than normal.
import ccxt, { type Exchange, type Liquidation } from 'ccxt';
import type { Logger } from 'pino';
import type { SessionRepo } from '../../store/liquidations/repo.ts';
import type { LiquidationEvent } from '../../store/liquidations/types.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { UpstreamPausedError } from '../rate-limit-gate.ts';
import {
  createLiquidationExchange,
  DEFAULT_SILENCE_MS,
  LIQUIDATION_CACHE_SIZE,
  marketFacts,
  watchCalls,
  type LiquidationExchangeId,
} from './exchanges.ts';
import { normaliseLiquidation } from './normalise.ts';
import { liquidationEvents } from '../../observability/metrics.ts';
import { exchangeName } from '../../core/markets.ts';
import { loadMarkets } from '../exchange.ts';
import { LinkState } from '../../observability/link-state.ts';

/** Settings of one exchange collector. */
export interface ExchangeCollectorOptions {
  exchange: LiquidationExchangeId;
  /** Tracked coins (Bybit subscribes per coin). */
  coins: readonly string[];
  quote?: string;
  /** Receives every valid event (a resent one too: the store recognises it). */
  sink: (events: LiquidationEvent[]) => void;
  /** Where sessions (connected spans) are recorded. */
  sessions: SessionRepo;
  logger: Logger;
  now?: () => number;
  /** REST and websocket base URL (simulator or proxy); the real exchange when absent. */
  baseUrl?: string;
  backoff?: BackoffOptions;
  /** Quiet time after which the stream is presumed broken and restarted, ms. */
  silenceMs?: number;
  /** A session at least this long (or one that delivered events) resets the backoff, ms (default 60000). */
  healthyAfterMs?: number;
  /** ccxt's keep-alive ping interval, ms (default: ccxt's per exchange). */
  keepAliveMs?: number;
}

/** Counters and state of one exchange collector, for /status and tests. */
export interface ExchangeCollectorStatus {
  exchange: LiquidationExchangeId;
  connected: boolean;
  /** Epoch ms the current session started. */
  connectedSince?: number;
  /** Epoch ms of the first failed connection attempt of the current outage (absent while connecting works). */
  failingSince?: number;
  /** Sessions opened so far (1 + reconnects). */
  sessions: number;
  /** Events counted: valid ones received, or, in the collectors' status, ones newly stored (resends left out). */
  events: number;
  /** Events the store already held (resends); filled in by the collectors' batcher. */
  duplicates: number;
  skipped: number;
  /** Epoch ms the last event arrived (local clock). */
  lastEventAt?: number;
  lastError?: string;
}

type EndReason = 'disconnected' | 'silent' | 'failing' | 'stopped';

const isDisconnect = (error: unknown) =>
  error instanceof ccxt.NetworkError || error instanceof ccxt.ExchangeClosedByUser;

/** One exchange's collector. `run()` until `stop()`. */
export class ExchangeCollector {
  private readonly now: () => number;
  private readonly seen = new WeakSet<object>();
  private readonly silenceMs: number;
  private exchange: Exchange | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private endSession: ((reason: EndReason) => void) | undefined;
  private sessionId: number | undefined;
  /** The session being recorded: resolves to its id (undefined if the store refused it). */
  private opening: Promise<number | undefined> | undefined;
  private sessionStart = 0;
  private lastActivity = 0;
  private drained = false;
  private readonly loggedErrors = new WeakSet<object>();
  private readonly stat: ExchangeCollectorStatus;
  private readonly link: LinkState;
  private running: Promise<void> | undefined;
  /** When the stream itself asked us to wait (a venue's 429 frame), the next connection waits at least until then. */
  private streamPausedUntil: number | undefined;

  constructor(private readonly options: ExchangeCollectorOptions) {
    this.now = options.now ?? Date.now;
    this.silenceMs = options.silenceMs ?? DEFAULT_SILENCE_MS[options.exchange];
    this.stat = { exchange: options.exchange, connected: false, sessions: 0, events: 0, duplicates: 0, skipped: 0 };
    this.link = new LinkState(options.logger, `the ${exchangeName(options.exchange)} liquidation stream`, this.now);
  }

  /** The exchange this collector reads. */
  get exchangeId(): LiquidationExchangeId {
    return this.options.exchange;
  }

  /** A new collector with the same settings (a stopped one does not start again). */
  fresh(): ExchangeCollector {
    return new ExchangeCollector(this.options);
  }

  /** The open session's id, if connected (for heartbeats). */
  get openSessionId(): number | undefined {
    return this.sessionId;
  }

  /** A copy of the counters. */
  status(): ExchangeCollectorStatus {
    return { ...this.stat };
  }

  /** Start collecting in the background; resolves when `stop()` has finished it. */
  start(): Promise<void> {
    this.running ??= this.run();
    return this.running;
  }

  /** Stop: close the connection, record the session's end, and wait for the loop to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.endSession?.('stopped');
    await this.exchange?.close().catch(() => undefined);
    await this.running;
  }

  private get log(): Logger {
    return this.options.logger;
  }

  private async run(): Promise<void> {
    const id = this.options.exchange;
    let attempt = 0;
    while (!this.stopped) {
      let healthy = false;
      /** When the exchange asked us to wait (a Retry-After pause), the next try waits at least until then. */
      let pausedUntil: number | undefined;
      try {
        const exchange = (this.exchange ??= await this.createExchange());
        await loadMarkets(exchange);
        if (this.stopped) break;
        const reason = await this.session(exchange);
        healthy = this.drained || this.now() - this.sessionStart >= (this.options.healthyAfterMs ?? 60_000);
        if (reason !== 'stopped') this.log.warn({ exchange: id, reason }, 'liquidation stream ended; reconnecting');
      } catch (error) {
        if (error instanceof UpstreamPausedError) pausedUntil = error.retryAt;
        this.stat.lastError = String((error as Error)?.message ?? error);
        this.stat.failingSince ??= this.now();
        this.link.failed(error);
      }
      if (this.streamPausedUntil !== undefined) {
        pausedUntil = Math.max(pausedUntil ?? 0, this.streamPausedUntil);
        this.streamPausedUntil = undefined;
      }
      if (this.stopped) break;
      attempt = healthy ? 0 : attempt + 1;
      const delay = Math.max(
        backoffDelay(healthy ? 0 : attempt - 1, this.options.backoff),
        pausedUntil === undefined ? 0 : pausedUntil - Date.now(),
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async createExchange(): Promise<Exchange> {
    const exchange = await createLiquidationExchange(this.options.exchange, this.options.baseUrl, {
      ...(this.options.keepAliveMs ? { keepAliveMs: this.options.keepAliveMs } : {}),
    });
    // ccxt writes its own complaints (an unparsable frame, for one) with console.log; send them to our log
    exchange.log = (...args: unknown[]) =>
      this.log.warn(
        {
          exchange: this.options.exchange,
          ccxt: args.map((a) => (a instanceof Date ? a.toISOString() : String(a))).join(' '),
        },
        'ccxt websocket message',
      );
    return exchange;
  }

  /** One connection: opens a session when the socket connects, ends when it breaks, goes silent or stop() is called. */
  private session(exchange: Exchange): Promise<EndReason> {
    const id = this.options.exchange;
    this.drained = false;
    this.sessionStart = this.now();
    this.lastActivity = this.sessionStart;
    const calls = watchCalls(id, exchange, this.options.coins, this.options.quote);
    if (calls.length === 0) return Promise.reject(new Error(`${id} lists none of the tracked coins`));
    // ccxt calls onConnected(client) when a websocket opens; that is when collection starts
    const original = Object.getPrototypeOf(exchange).onConnected as (client: unknown, message?: unknown) => void;
    (exchange as unknown as { onConnected: (client: unknown, message?: unknown) => void }).onConnected = (
      client,
      message,
    ) => {
      this.opened();
      return original.call(exchange, client, message);
    };
    return new Promise<EndReason>((resolve) => {
      let done = false;
      let watchdog: NodeJS.Timeout | undefined;
      const finish = (reason: EndReason) => {
        if (done) return;
        done = true;
        clearInterval(watchdog);
        this.endSession = undefined;
        this.drain(exchange);
        const closing = this.closed(reason);
        // kill whatever is left of the connection (other watchers, a silent socket) before a new one opens
        void Promise.all([closing, exchange.close().catch(() => undefined)]).then(() => resolve(reason));
      };
      this.endSession = finish;
      if (this.stopped) return finish('stopped');
      watchdog = setInterval(
        () => {
          if (this.now() - this.lastActivity > this.silenceMs) finish('silent');
        },
        Math.max(20, Math.min(5000, Math.floor(this.silenceMs / 4))),
      );
      for (const { label, call } of calls) void this.watchLoop(exchange, label, call, () => done, finish);
    });
  }

  private async watchLoop(
    exchange: Exchange,
    label: string,
    call: () => Promise<unknown>,
    done: () => boolean,
    finish: (r: EndReason) => void,
  ): Promise<void> {
    let failures = 0;
    while (!done()) {
      try {
        await call();
        failures = 0;
        // a frame arrived: the stream is alive (dYdX's trades frames carry liquidations only now and then)
        this.lastActivity = this.now();
      } catch (error) {
        if (done()) return;
        if (this.stopped) return finish('stopped');
        // the venue's stream asked us to wait (BitMEX's 429 frame; a rate-limit error, checked before other network errors): close, and connect again after the wait
        if (error instanceof UpstreamPausedError) {
          this.stat.lastError = error.message;
          this.streamPausedUntil = error.retryAt;
          this.log.warn({ exchange: this.options.exchange, err: error.message }, 'liquidation stream paused');
          return finish('disconnected');
        }
        if (isDisconnect(error)) {
          this.stat.lastError = String((error as Error).message);
          return finish('disconnected');
        }
        // a frame ccxt could not handle: its handler threw and rejected the waiting watchers; the
        // connection is fine, so log it once and keep watching
        if (typeof error === 'object' && error !== null && !this.loggedErrors.has(error)) {
          this.loggedErrors.add(error);
          this.stat.skipped += 1;
          this.log.warn(
            { exchange: this.options.exchange, stream: label, err: String((error as Error).message ?? error) },
            'liquidation frame could not be handled; skipped',
          );
        }
        failures += 1;
        if (failures >= 5) return finish('failing');
      } finally {
        if (!done()) this.drain(exchange);
      }
    }
  }

  private opened(): void {
    if (this.opening !== undefined) return;
    const at = this.now();
    this.sessionStart = at;
    this.lastActivity = at;
    this.stat.connected = true;
    this.stat.connectedSince = at;
    delete this.stat.failingSince;
    this.link.succeeded();
    this.stat.sessions += 1;
    this.opening = this.options.sessions.open(this.options.exchange, at).then(
      (id) => {
        this.sessionId = id;
        this.log.info({ exchange: this.options.exchange, session: id }, 'liquidation stream connected');
        return id;
      },
      (error: unknown) => {
        this.log.error(
          { exchange: this.options.exchange, err: String((error as Error)?.message ?? error) },
          'could not record the liquidation session',
        );
        return undefined;
      },
    );
  }

  private async closed(reason: EndReason): Promise<void> {
    const opening = this.opening;
    if (opening === undefined) return;
    this.opening = undefined;
    // a silent stream is only known to have worked until its last event
    const at = reason === 'silent' ? this.lastActivity : this.now();
    this.stat.connected = false;
    delete this.stat.connectedSince;
    const id = await opening;
    if (this.sessionId === id) this.sessionId = undefined;
    if (id === undefined) return;
    await this.options.sessions.close(id, at, reason).catch((error: unknown) => {
      this.log.error(
        { exchange: this.options.exchange, err: String((error as Error)?.message ?? error) },
        'could not record the end of the liquidation session',
      );
    });
  }

  /** Take every liquidation ccxt has cached since the last drain, newest last. */
  private drain(exchange: Exchange): void {
    const cache = exchange.liquidations as Liquidation[] | undefined;
    if (!cache || cache.length === 0) return;
    const fresh: Liquidation[] = [];
    let i = cache.length - 1;
    for (; i >= 0; i--) {
      const item = cache[i]!;
      if (this.seen.has(item)) break;
      this.seen.add(item);
      fresh.push(item);
    }
    if (fresh.length === 0) return;
    if (i < 0 && cache.length >= LIQUIDATION_CACHE_SIZE) {
      this.log.warn(
        { exchange: this.options.exchange },
        'liquidation cache overflowed between reads; some events were missed',
      );
    }
    fresh.reverse();
    const out: LiquidationEvent[] = [];
    for (const liquidation of fresh) {
      const result = normaliseLiquidation(
        this.options.exchange,
        liquidation,
        marketFacts(exchange, liquidation.symbol ?? undefined),
      );
      if (!result.ok) {
        this.stat.skipped += 1;
        this.log.warn(
          { exchange: this.options.exchange, reason: result.reason, info: liquidation.info },
          'malformed liquidation skipped',
        );
        continue;
      }
      out.push(...result.events);
    }
    this.lastActivity = this.now();
    this.drained = true;
    if (out.length === 0) return;
    this.stat.events += out.length;
    liquidationEvents.inc({ exchange: this.options.exchange }, out.length);
    this.stat.lastEventAt = this.lastActivity;
    this.options.sink(out);
  }
}
