// Caches the market snapshot (lru-cache, TTL from configuration) and shares one build among all callers that
// ask while it is in progress: lru-cache's fetch runs fetchMethod once per key and hands everyone the same
// promise (single flight), so a burst of /why costs one upstream build. A failed build is not kept.
// With a SharedSnapshotStore (REDIS_URL) the snapshot is also shared between processes: this cache then holds
// the shared one until it expires, and builds only when no process has it (falling back to a local build,
// logged, when Redis cannot be reached).
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { MarketSnapshot } from './types.ts';
import type { SharedSnapshot, SharedSnapshotStore } from './shared-snapshot.ts';
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
  /** True while the shared store fails (its outage is logged once). */
  private sharedFailing = false;

  /**
   * @param build Builds a fresh snapshot (the upstream work).
   * @param ttlSeconds How long a built snapshot is reused.
   * @param shared Share the snapshot with other processes through Redis (absent: this process only).
   */
  constructor(
    private readonly build: () => Promise<MarketSnapshot>,
    private readonly ttlSeconds: number,
    private readonly shared?: { store: SharedSnapshotStore; logger?: Logger },
  ) {
    this.cache = new LRUCache<typeof KEY, MarketSnapshot>({
      max: 1,
      ttl: ttlSeconds * 1000,
      // Expiry on the wall clock, the clock expiresAt() answers in.
      perf: Date,
      fetchMethod: (_key, _stale, { options }) => this.fetchOnce(options),
    });
  }

  private async fetchOnce(options: { ttl?: number }): Promise<MarketSnapshot> {
    this.inFlight += 1;
    try {
      const got = this.shared ? await this.fetchShared(this.shared) : await this.buildHere();
      // kept here as long as it is valid: the full TTL when built here, what is left of it when shared
      options.ttl = Math.max(1, got.expiresAt - Date.now());
      if (got.built || this.last === undefined || got.snapshot.builtAt > this.last.finishedAt) {
        // another process's build counts too: the health check asks how fresh the data served here is
        this.last = {
          finishedAt: got.built ? Date.now() : got.snapshot.builtAt,
          tickersOk: got.snapshot.tickers.ok,
          ...(got.snapshot.tickers.ok ? {} : { reason: got.snapshot.tickers.reason }),
        };
      }
      return got.snapshot;
    } catch (error) {
      this.last = {
        finishedAt: Date.now(),
        tickersOk: false,
        reason: `snapshot build failed: ${(error as Error)?.message ?? String(error)}`,
      };
      throw error;
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Seconds a built snapshot is kept: without prices no article can be written, so ask again soon. */
  private keepSeconds(snapshot: MarketSnapshot): number {
    return snapshot.tickers.ok ? this.ttlSeconds : Math.min(this.ttlSeconds, NO_PRICES_TTL_SECONDS);
  }

  /** Build in this process (counted and measured). */
  private async buildHere(): Promise<SharedSnapshot> {
    this.builds += 1;
    const building = this.build();
    trackSnapshotBuild(building);
    const snapshot = await building;
    return { snapshot, expiresAt: Date.now() + this.keepSeconds(snapshot) * 1000, built: true };
  }

  /** The snapshot shared through Redis; built here only when no process has it, locally when Redis is down. */
  private async fetchShared(shared: { store: SharedSnapshotStore; logger?: Logger }): Promise<SharedSnapshot> {
    let buildFailed = false;
    let builtHere: SharedSnapshot | undefined;
    try {
      const got = await shared.store.getOrBuild(
        () =>
          this.buildHere().then(
            (got) => (builtHere = got).snapshot,
            (error: unknown) => {
              buildFailed = true;
              throw error;
            },
          ),
        (snapshot) => this.keepSeconds(snapshot),
      );
      this.sharedFailing = false;
      return got;
    } catch (error) {
      if (buildFailed) throw error;
      // said once per outage (the connection's guard says the outage itself once too)
      if (!this.sharedFailing)
        shared.logger?.warn(
          { err: error },
          'shared snapshot cache (Redis) unavailable: using a snapshot built in this process',
        );
      this.sharedFailing = true;
      return builtHere ?? this.buildHere();
    }
  }

  /** The cached snapshot, or the build in progress, or a new build (or the shared one, with a shared store). */
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

  /** How many upstream builds have started here (for tests, metrics and benchmarks). */
  get buildCount(): number {
    return this.builds;
  }

  /** Forget the cached snapshot (the next get builds anew; with a shared store, in every process). */
  clear(): Promise<void> {
    this.cache.clear();
    return this.shared ? this.shared.store.clear() : Promise.resolve();
  }

  /** Nothing runs in the background any more (lru-cache sets no timers); kept for the services' close(). */
  close(): void {}
}
