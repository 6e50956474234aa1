// Polls the feeds politely and stores what is new: one request per feed per interval at most (with a floor),
// conditional requests (ETag / Last-Modified, so an unchanged feed costs a 304), a User-Agent naming the bot, a
// timeout and a cap on the body, Retry-After honoured, and backoff doubling on each failure. A failing feed is
// reported in status() and never stops the others.
import type { NewsStore } from '../../store/news/news-store.ts';
import { recordUpstreamError, upstreamCalls } from '../../observability/metrics.ts';
import type { FeedSpec } from '../../core/feed-list.ts';
import { parseFeed } from './parse-feed.ts';
import type { Headline } from '../../core/news.ts';

/** No feed is asked more often than this, whatever the settings say. */
export const MIN_POLL_INTERVAL_MS = 5 * 60_000;
/** Backoff after failures stops doubling here. */
export const MAX_BACKOFF_MS = 6 * 3_600_000;
/** A feed body larger than this is refused (feeds are tens of kilobytes). */
export const MAX_FEED_BYTES = 2 * 1024 * 1024;

/** What the poller needs. */
export interface FeedPollerOptions {
  feeds: readonly FeedSpec[];
  store: NewsStore;
  /** How often each feed is asked (raised to MIN_POLL_INTERVAL_MS). */
  intervalMs: number;
  timeoutMs: number;
  userAgent: string;
  logger: { warn(details: object, message: string): void };
  /** Epoch ms now (tests pass a fake clock). */
  now?: () => number;
  /** Headlines older than this are pruned after each round. */
  retentionMs: number;
  /** The fetch to use (default global fetch); tests point feeds at a local server instead. */
  fetch?: typeof fetch;
}

/** How one feed is doing, for /status and the logs. */
export interface FeedStatus {
  outlet: string;
  url: string;
  lastOkAt?: number | undefined;
  lastError?: string | undefined;
  failures: number;
  nextAt: number;
  items: number;
}

interface FeedState extends FeedStatus {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

/** Polls every feed on its own schedule until stop(). */
export class FeedPoller {
  private readonly states: FeedState[];
  private readonly interval: number;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly o: FeedPollerOptions) {
    this.interval = Math.max(MIN_POLL_INTERVAL_MS, o.intervalMs);
    this.now = o.now ?? Date.now;
    this.fetch = o.fetch ?? fetch;
    this.states = o.feeds.map((f) => ({ ...f, failures: 0, nextAt: 0, items: 0 }));
  }

  /** Start polling: every feed now, then each on its own schedule. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stop polling and wait for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Each feed's state. */
  status(): FeedStatus[] {
    return this.states.map(({ etag: _e, lastModified: _l, ...s }) => ({ ...s }));
  }

  /** Ask every feed that is due, store what is new, prune; resolves when the round is done. Never throws. */
  async pollDue(): Promise<void> {
    const now = this.now();
    await Promise.all(this.states.filter((s) => s.nextAt <= now).map((s) => this.pollFeed(s)));
    await this.o.store.prune(this.now() - this.o.retentionMs).catch((error: unknown) => {
      this.o.logger.warn({ err: error }, 'could not prune old headlines');
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pollDue().finally(() => {
        this.running = undefined;
        const next = Math.min(...this.states.map((s) => s.nextAt));
        this.schedule(Math.max(1000, next - this.now()));
      });
    }, delayMs);
    this.timer.unref();
  }

  private async pollFeed(s: FeedState): Promise<void> {
    const source = `${s.outlet} feed`;
    upstreamCalls.inc({ source });
    try {
      const res = await this.fetch(s.url, {
        headers: {
          'user-agent': this.o.userAgent,
          accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
          ...(s.etag ? { 'if-none-match': s.etag } : {}),
          ...(s.lastModified ? { 'if-modified-since': s.lastModified } : {}),
        },
        redirect: 'follow',
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      if (res.status === 304) {
        await res.body?.cancel();
        return this.succeeded(s, 0);
      }
      if (!res.ok) {
        await res.body?.cancel();
        const retryAfter = retryAfterMs(res.headers.get('retry-after'), this.now());
        throw new FeedError(`HTTP ${res.status.toString()}`, retryAfter);
      }
      const body = await readCapped(res, MAX_FEED_BYTES);
      const feed = parseFeed(body);
      const seen = this.now();
      const headlines: Headline[] = feed.items
        .filter((i) => i.publishedAt <= seen + 10 * 60_000)
        .map((i) => ({ ...i, outlet: s.outlet, firstSeenAt: seen }));
      const added = await this.o.store.add(headlines);
      s.etag = res.headers.get('etag') ?? undefined;
      s.lastModified = res.headers.get('last-modified') ?? undefined;
      this.succeeded(s, added);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 160) : String(error);
      recordUpstreamError(source, reason);
      s.failures += 1;
      s.lastError = reason;
      const backoff = Math.min(MAX_BACKOFF_MS, this.interval * 2 ** Math.min(10, s.failures));
      s.nextAt = this.now() + Math.max(backoff, error instanceof FeedError ? (error.retryAfterMs ?? 0) : 0);
      this.o.logger.warn({ outlet: s.outlet, reason, retryInMs: s.nextAt - this.now() }, 'news feed unavailable');
    }
  }

  private succeeded(s: FeedState, added: number): void {
    s.failures = 0;
    s.lastError = undefined;
    s.lastOkAt = this.now();
    s.items += added;
    s.nextAt = this.now() + this.interval;
  }
}

class FeedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Retry-After as ms from now: seconds, or an HTTP date. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(MAX_BACKOFF_MS, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.min(MAX_BACKOFF_MS, Math.max(0, at - now)) : undefined;
}

/** The body as text, refusing one larger than `max` bytes (stops reading there). */
async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new Error(`feed larger than ${(max / 1024 / 1024).toString()} MB`);
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw new Error(`feed larger than ${(max / 1024 / 1024).toString()} MB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
