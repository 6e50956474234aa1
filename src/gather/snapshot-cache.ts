// Caches the market snapshot (lru-cache, TTL from configuration) and shares one build among all callers that
// ask while it is in progress: lru-cache's fetch runs fetchMethod once per key and hands everyone the same
// promise (single flight), so a burst of /why costs one upstream build. A failed build is not kept.
import { LRUCache } from 'lru-cache';
import type { MarketSnapshot } from './types.ts';
import { trackSnapshotBuild } from '../observability/metrics.ts';

/** The outcome of the last finished build (wall-clock time), for the health check. */
export interface LastBuild {
  /** Epoch ms (wall clock) the build finished. */
  finishedAt: number;
  /** Whether the build got prices (the tickers part); without them no article can be written. */
  tickersOk: boolean;
  /** Why prices were missing, when they were. */
  reason?: string;
}

const KEY = 'snapshot';

/** A snapshot without prices is kept at most this long, so a recovered exchange is seen quickly. */
export const NO_PRICES_TTL_SECONDS = 10;

/** A TTL cache of the snapshot with single-flight builds. */
export class SnapshotCache {
  private readonly cache: LRUCache<typeof KEY, MarketSnapshot>;
  private inFlight = 0;
  private builds = 0;
  private last: LastBuild | undefined;

  /**
   * @param build Builds a fresh snapshot (the upstream work).
   * @param ttlSeconds How long a built snapshot is reused.
   */
  constructor(
    private readonly build: () => Promise<MarketSnapshot>,
    private readonly ttlSeconds: number,
  ) {
    this.cache = new LRUCache<typeof KEY, MarketSnapshot>({
      max: 1,
      ttl: ttlSeconds * 1000,
      // Expiry on the wall clock, the clock expiresAt() answers in.
      perf: Date,
      fetchMethod: (_key, _stale, { options }) => this.buildOnce(options),
    });
  }

  private async buildOnce(options: { ttl?: number }): Promise<MarketSnapshot> {
    this.builds += 1;
    this.inFlight += 1;
    const building = this.build();
    trackSnapshotBuild(building);
    try {
      const snapshot = await building;
      // Without prices no article can be written: ask again soon rather than after the full TTL.
      if (!snapshot.tickers.ok) options.ttl = Math.min(this.ttlSeconds, NO_PRICES_TTL_SECONDS) * 1000;
      this.last = { finishedAt: Date.now(), tickersOk: snapshot.tickers.ok, ...(snapshot.tickers.ok ? {} : { reason: snapshot.tickers.reason }) };
      return snapshot;
    } catch (error) {
      this.last = { finishedAt: Date.now(), tickersOk: false, reason: `snapshot build failed: ${(error as Error)?.message ?? String(error)}` };
      throw error;
    } finally {
      this.inFlight -= 1;
    }
  }

  /** The cached snapshot, or the build in progress, or a new build. */
  async get(): Promise<MarketSnapshot> {
    const snapshot = await this.cache.fetch(KEY);
    if (snapshot === undefined) throw new Error('the snapshot was dropped while it was built');
    return snapshot;
  }

  /** Epoch ms (wall clock) at which the cached snapshot expires, or undefined when none is cached. */
  expiresAt(): number | undefined {
    if (!this.cache.has(KEY)) return undefined;
    const left = this.cache.getRemainingTTL(KEY);
    return Number.isFinite(left) && left > 0 ? Date.now() + left : undefined;
  }

  /** The last finished build, or undefined before the first one (for the health check). */
  get lastBuild(): LastBuild | undefined {
    return this.last;
  }

  /** True while a build is in progress. */
  get building(): boolean {
    return this.inFlight > 0;
  }

  /** How many upstream builds have started (for tests, metrics and benchmarks). */
  get buildCount(): number {
    return this.builds;
  }

  /** Forget the cached snapshot (the next get builds anew). */
  clear(): void {
    this.cache.clear();
  }

  /** Nothing runs in the background any more (lru-cache sets no timers); kept for the services' close(). */
  close(): void {}
}
