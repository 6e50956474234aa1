// Renders each chart once: a small least-recently-used cache of PNGs keyed by the snapshot's identity
// (exchange, build time, replayed moment) and what was drawn (coin, window, options), shared by every
// command and adapter. Concurrent requests for one key share one render.
import type { MarketSnapshot } from '../gather/types.ts';

/** The identity of a snapshot for cache keys: the same build gives the same key. */
export type SnapshotIdentity = Pick<MarketSnapshot, 'exchange' | 'builtAt'> & { replay?: { at: number } | undefined };

/** A cache key for one chart of one snapshot, e.g. "binanceusdm|1722859200000|live|BTC|7d". */
export function chartKey(snapshot: SnapshotIdentity, ...what: Array<string | number>): string {
  return [snapshot.exchange, snapshot.builtAt, snapshot.replay ? `replay:${snapshot.replay.at}` : 'live', ...what].join('|');
}

/** A bounded cache of rendered charts; a failed render is not kept, so the next request tries again. */
export class ChartCache {
  private readonly entries = new Map<string, Promise<Uint8Array>>();
  private count = 0;

  /** @param maxEntries How many charts are kept; the least recently used goes first. */
  constructor(private readonly maxEntries = 32) {}

  /** The chart for `key`, rendering it with `render` only when it is not cached or being rendered. */
  get(key: string, render: () => Uint8Array | Promise<Uint8Array>): Promise<Uint8Array> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    this.count += 1;
    const pending = Promise.resolve().then(render);
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }

  /** How many renders were started (for tests and metrics). */
  get renders(): number {
    return this.count;
  }

  /** How many charts are held. */
  get size(): number {
    return this.entries.size;
  }

  /** Drop every cached chart. */
  clear(): void {
    this.entries.clear();
  }
}
