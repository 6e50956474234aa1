// The shared tier of the chart cache (REDIS_URL): rendered PNGs in Redis, keyed by the snapshot they were drawn
// from (exchange, build time, replayed moment) and a hash of everything drawn, kept a little longer than the
// snapshot itself. A process that misses takes a RedisLock (with an expiry, renewed while it renders) and renders;
// the others poll for the bytes and, after `waitMs`, render themselves rather than keep a reply waiting. So any
// number of processes render each chart of a snapshot once between them. Redis is never why a chart fails: when
// it errors (or the connection is down) the chart is rendered here, and the outage is logged once.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { guardOf, type RedisGuard } from '../cluster/redis-guard.ts';
import { RedisLock } from '../cluster/redis-lock.ts';
import type { SnapshotIdentity } from './cache.ts';
import type { PriceChartInput } from './types.ts';

/** Settings of a SharedChartStore. */
export interface SharedChartStoreOptions {
  redis: Redis;
  /** Prefix of the chart keys, e.g. "whybot:chart". */
  prefix: string;
  /** How long a stored chart is kept, ms: the snapshot's TTL plus a margin (see sharedChartTtlMs). */
  ttlMs: number;
  /** How long the render lock lasts unless renewed, ms (default 30 s). */
  lockMs?: number;
  /** How often a waiting process looks again, ms (default 25). */
  pollMs?: number;
  /** How long a process waits for another's render before rendering itself, ms (default 3 s). */
  waitMs?: number;
  /** Readable owner put in the lock (host:pid). */
  owner?: string;
  /** Hears that Redis failed (once per outage). */
  logger?: Logger;
}

/** How a chart was had from a SharedChartStore (counted, for tests, metrics and benchmarks). */
export interface SharedChartCounts {
  /** Rendered here while holding the lock. */
  rendered: number;
  /** Found in Redis (stored by this or another process). */
  fetched: number;
  /** Rendered here without the lock: the holder took longer than `waitMs`, or Redis failed. */
  renderedAlone: number;
}

/** A chart's Redis TTL from the snapshot's: kept past the snapshot's expiry by a margin (a minute, or the TTL when shorter). */
export function sharedChartTtlMs(snapshotTtlSeconds: number): number {
  return (snapshotTtlSeconds + Math.min(60, snapshotTtlSeconds)) * 1000;
}

/** Rendered charts in Redis, each rendered once between all processes. */
export class SharedChartStore {
  private readonly lockMs: number;
  private readonly pollMs: number;
  private readonly waitMs: number;
  private failing = false;
  /** How charts were had here. */
  readonly counts: SharedChartCounts = { rendered: 0, fetched: 0, renderedAlone: 0 };

  private readonly guard: RedisGuard;

  constructor(private readonly options: SharedChartStoreOptions) {
    this.guard = guardOf(options.redis);
    this.lockMs = options.lockMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
    this.waitMs = options.waitMs ?? 3_000;
  }

  /**
   * The key of one chart: the snapshot's identity, readable, then a hash of the whole chart input (candles,
   * levels, bars, size, zone), so any difference in what is drawn is a different key.
   */
  key(snapshot: SnapshotIdentity, input: PriceChartInput): string {
    const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 32);
    const moment = snapshot.replay ? `replay-${snapshot.replay.at}` : 'live';
    return `${this.options.prefix}:${snapshot.exchange}:${snapshot.builtAt}:${moment}:${hash}`;
  }

  /**
   * The PNG of `input` drawn from `snapshot`: from Redis, or rendered with `render` (once between processes).
   * Throws only the render's own error; a Redis failure renders here instead.
   */
  async get(
    snapshot: SnapshotIdentity,
    input: PriceChartInput,
    render: () => Promise<Uint8Array>,
  ): Promise<Uint8Array> {
    let renderFailed = false;
    let rendered: Uint8Array | undefined;
    const renderHere = () =>
      render().then(
        (png) => (rendered = png),
        (error: unknown) => {
          renderFailed = true;
          throw error;
        },
      );
    // a connection known to be down (or that missed a deadline moments ago) is not waited on
    if (!this.guard.available) {
      this.failed(new Error(`Redis is unreachable (${this.guard.state().reason ?? 'down'})`));
      this.counts.renderedAlone += 1;
      return renderHere();
    }
    try {
      const png = await this.getOrRender(this.key(snapshot, input), renderHere);
      this.failing = false;
      return png;
    } catch (error) {
      if (renderFailed) throw error;
      this.failed(error);
      // rendered here and then Redis failed storing it: the chart is drawn all the same
      if (rendered) return rendered;
      this.counts.renderedAlone += 1;
      return renderHere();
    }
  }

  private async getOrRender(key: string, render: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const { redis } = this.options;
    const guard = this.guard;
    const waitUntil = Date.now() + this.waitMs;
    for (;;) {
      const found = await guard.run((r) => r.getBuffer(key));
      if (found !== null) {
        this.counts.fetched += 1;
        return found;
      }
      if (Date.now() >= waitUntil) {
        // the holder is slow (or gone): render here; whoever stores first is what later processes get
        this.counts.renderedAlone += 1;
        const png = await render();
        await guard.run((r) => r.set(key, Buffer.from(png), 'PX', this.options.ttlMs, 'NX'));
        return png;
      }
      const lock = new RedisLock(redis, `${key}:lock`, this.lockMs, this.options.owner);
      if (await guard.run(() => lock.acquire())) {
        const renew = setInterval(
          () => void guard.run(() => lock.renew()).catch(() => undefined),
          Math.max(100, Math.floor(this.lockMs / 3)),
        );
        try {
          // another process may have stored it between our read and our lock
          const raced = await guard.run((r) => r.getBuffer(key));
          if (raced !== null) {
            this.counts.fetched += 1;
            return raced;
          }
          this.counts.rendered += 1;
          const png = await render();
          await guard.run((r) => r.set(key, Buffer.from(png), 'PX', this.options.ttlMs));
          return png;
        } finally {
          clearInterval(renew);
          await guard.run(() => lock.release()).catch(() => undefined);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.options.logger?.warn(
      { err: error },
      'shared chart cache (Redis) unavailable: rendering charts in this process',
    );
  }
}
