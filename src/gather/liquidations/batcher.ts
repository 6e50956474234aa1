// Buffers normalised liquidation events and writes them to the store in one transaction per flush
// (on a timer, when the buffer is large, and on stop), so a cascade of thousands of events per second
// costs a handful of writes. Flushes run one after another, never two at once. The store leaves out
// events it already holds (resends), counted here per exchange.
import type { Logger } from 'pino';
import type { LiquidationRepo } from '../../store/liquidations/repo.ts';
import type { LiquidationEvent } from '../../store/liquidations/types.ts';

/** Settings of the batcher. */
export interface BatcherOptions {
  /** Write at least this often while events are waiting, ms (default 1000). */
  flushMs?: number;
  /** Write at once when this many events are waiting (default 5000). */
  maxBatch?: number;
  /** Events kept for a retry when the database refuses a write; older ones are dropped (default 500000). */
  maxPending?: number;
  logger?: Logger;
}

/** Batches liquidation events into store writes. */
export class LiquidationBatcher {
  private pending: LiquidationEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writtenCount = 0;
  private readonly dupes = new Map<string, number>();
  private readonly storedBy = new Map<string, number>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Pick<LiquidationRepo, 'write'>,
    private readonly options: BatcherOptions = {},
  ) {}

  /** Events newly stored so far (resends left out). */
  get written(): number {
    return this.writtenCount;
  }

  /** Events newly stored, per exchange id. */
  stored(exchange: string): number {
    return this.storedBy.get(exchange) ?? 0;
  }

  /** Events the store already held (resent after a reconnect or a restart), per exchange id. */
  duplicates(exchange: string): number {
    return this.dupes.get(exchange) ?? 0;
  }

  /** Events waiting for the next flush. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Queue events; flushes at once when the buffer is full, else within flushMs. */
  add(events: readonly LiquidationEvent[]): void {
    for (const e of events) this.pending.push(e);
    if (this.pending.length >= (this.options.maxBatch ?? 5000)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 1000);
  }

  /**
   * Write everything waiting now (after any flush already running); resolves to the events newly stored.
   * A failed write keeps the events (up to maxPending) for the next flush and resolves to 0.
   */
  flush(): Promise<number> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.chain.then(() => this.writePending());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async writePending(): Promise<number> {
    if (this.pending.length === 0) return 0;
    const batch = this.pending;
    this.pending = [];
    try {
      const result = await this.store.write(batch);
      this.writtenCount += result.stored;
      for (const e of batch) this.storedBy.set(e.exchange, this.stored(e.exchange) + 1);
      for (const [exchange, n] of Object.entries(result.duplicatesByExchange)) {
        this.dupes.set(exchange, this.duplicates(exchange) + n);
        this.storedBy.set(exchange, this.stored(exchange) - n);
      }
      return result.stored;
    } catch (error) {
      const max = this.options.maxPending ?? 500_000;
      this.pending = [...batch, ...this.pending].slice(-max);
      this.options.logger?.error(
        { err: String((error as Error)?.message ?? error), waiting: this.pending.length },
        'could not write liquidations; will retry',
      );
      this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 1000);
      return 0;
    }
  }

  /** Flush and stop the timer. */
  async close(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
