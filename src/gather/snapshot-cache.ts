// Caches the market snapshot with node-cache (TTL from configuration) and shares one build among all
// callers that ask while it is in progress (single flight), so a burst of /why costs one upstream build.
import NodeCache from 'node-cache';
import type { MarketSnapshot } from './types.ts';

const KEY = 'snapshot';

/** A TTL cache of the snapshot with single-flight builds. */
export class SnapshotCache {
  private readonly cache: NodeCache;
  private inFlight: Promise<MarketSnapshot> | undefined;
  private builds = 0;

  /**
   * @param build Builds a fresh snapshot (the upstream work).
   * @param ttlSeconds How long a built snapshot is reused.
   */
  constructor(
    private readonly build: () => Promise<MarketSnapshot>,
    ttlSeconds: number,
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
        this.cache.set(KEY, snapshot);
        return snapshot;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
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
