// Remembers the keys of recently counted liquidations so that an event delivered twice (a resend after
// a reconnect, an overlapping subscription) is counted once. Bounded by event time and by size.

/** A set of event keys that forgets keys older than a window (by event time) or beyond a size cap. */
export class RecentKeys {
  private readonly keys = new Set<string>();
  // arrival order, oldest first from `head`; compacted now and then (deleting from the front of a Map
  // and iterating it again is slow in V8, so the order is kept here)
  private order: Array<{ key: string; at: number }> = [];
  private head = 0;
  private newest = 0;

  /**
   * @param windowMs how far back (from the newest event seen) a key is remembered
   * @param maxKeys hard cap on remembered keys; the oldest go first
   */
  constructor(
    private readonly windowMs = 15 * 60_000,
    private readonly maxKeys = 200_000,
  ) {}

  /** True (and remembered) when `key` at event time `at` was not seen within the window; false for a repeat. */
  admit(key: string, at: number): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.order.push({ key, at });
    if (at > this.newest) this.newest = at;
    this.evict();
    return true;
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.keys.size;
  }

  private evict(): void {
    const cutoff = this.newest - this.windowMs;
    while (this.head < this.order.length) {
      const oldest = this.order[this.head]!;
      if (this.keys.size <= this.maxKeys && oldest.at >= cutoff) break;
      this.keys.delete(oldest.key);
      this.head += 1;
    }
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}
