// Caches the market snapshot with node-cache (TTL from configuration) and shares one build among all
// callers that ask while it is in progress (single flight), so a burst of /why costs one upstream build.
import NodeCache from 'node-cache';
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
  private readonly cache: NodeCache;
  private inFlight: Promise<MarketSnapshot> | undefined;
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
    this.cache = new NodeCache({ stdTTL: ttlSeconds, checkperiod: 0, useClones: false });
  }

  /** The cached snapshot, or the build in progress, or a new build. */
  get(): Promise<MarketSnapshot> {
    const cached = this.cache.get<MarketSnapshot>(KEY);
    if (cached) return Promise.resolve(cached);
    if (this.inFlight) return this.inFlight;
    this.builds += 1;
    this.inFlight = this.build()
      .then((snapshot) => {
        // Without prices no article can be written: ask again soon rather than after the full TTL.
        this.cache.set(KEY, snapshot, snapshot.tickers.ok ? this.ttlSeconds : Math.min(this.ttlSeconds, NO_PRICES_TTL_SECONDS));
        this.last = { finishedAt: Date.now(), tickersOk: snapshot.tickers.ok, ...(snapshot.tickers.ok ? {} : { reason: snapshot.tickers.reason }) };
        return snapshot;
      }, (error: unknown) => {
        this.last = { finishedAt: Date.now(), tickersOk: false, reason: `snapshot build failed: ${(error as Error)?.message ?? String(error)}` };
        throw error;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    trackSnapshotBuild(this.inFlight);
    return this.inFlight;
  }

  /** Epoch ms (wall clock) at which the cached snapshot expires, or undefined when none is cached. */
  expiresAt(): number | undefined {
    const at = this.cache.getTtl(KEY);
    return typeof at === 'number' && at > 0 ? at : undefined;
  }

  /** The last finished build, or undefined before the first one (for the health check). */
  get lastBuild(): LastBuild | undefined {
    return this.last;
  }

  /** True while a build is in progress. */
  get building(): boolean {
    return this.inFlight !== undefined;
  }

  /** How many upstream builds have started (for tests, metrics and benchmarks). */
  get buildCount(): number {
    return this.builds;
  }

  /** Forget the cached snapshot (the next get builds anew). */
  clear(): void {
    this.cache.del(KEY);
  }

  /** Stop node-cache's timers. */
  close(): void {
    this.cache.close();
  }
}
