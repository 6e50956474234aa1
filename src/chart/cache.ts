// Renders each chart once: a least-recently-used cache of PNGs (lru-cache) keyed by the snapshot's identity
// (exchange, build time, replayed moment) and what was drawn (coin, window, options), shared by every command
// and adapter. lru-cache's fetch shares a render in progress among everyone asking for its key (single
// flight) and keeps no failed render.
import { LRUCache } from 'lru-cache';
import type { MarketSnapshot } from '../gather/types.ts';

/** The identity of a snapshot for cache keys: the same build gives the same key. */
export type SnapshotIdentity = Pick<MarketSnapshot, 'exchange' | 'builtAt'> & { replay?: { at: number } | undefined };

/** A cache key for one chart of one snapshot, e.g. "binanceusdm|1722859200000|live|BTC|7d". */
export function chartKey(snapshot: SnapshotIdentity, ...what: Array<string | number>): string {
  return [snapshot.exchange, snapshot.builtAt, snapshot.replay ? `replay:${snapshot.replay.at}` : 'live', ...what].join(
    '|',
  );
}

type Render = () => Uint8Array | Promise<Uint8Array>;

/** A bounded cache of rendered charts; a failed render is not kept, so the next request tries again. */
export class ChartCache {
  private readonly lru: LRUCache<string, Uint8Array, Render>;
  private count = 0;

  /** @param maxEntries How many charts are kept; the least recently used goes first. */
  constructor(maxEntries = 32) {
    this.lru = new LRUCache<string, Uint8Array, Render>({
      max: Math.max(1, maxEntries),
      fetchMethod: async (_key, _stale, { context }) => {
        this.count += 1;
        return await context();
      },
    });
  }

  /** The chart for `key`, rendering it with `render` only when it is not cached or being rendered. */
  async get(key: string, render: Render): Promise<Uint8Array> {
    const png = await this.lru.fetch(key, { context: render });
    if (png === undefined) throw new Error(`chart ${key} was evicted while it rendered`);
    return png;
  }

  /** How many renders were started (for tests and metrics). */
  get renders(): number {
    return this.count;
  }

  /** How many charts are held (renders in progress included). */
  get size(): number {
    return this.lru.size;
  }

  /** Drop every cached chart. */
  clear(): void {
    this.lru.clear();
  }
}
