// The liquidation store as every caller sees it, whatever the engine: buckets and event keys, the window
// queries, coverage from the collector sessions, retention, and the collector's single-writer lease. Async,
// because PostgreSQL is; SqliteLiquidationRepo wraps the synchronous SQLite store, PgLiquidationRepo
// (../pg/pg-liquidations.ts) is the PostgreSQL one. Every method takes time as an argument.
import type { WriteResult } from './bucket-writer.ts';
import type { HourlyRow } from './hourly-query.ts';
import type { PruneResult } from './retention.ts';
import type { Coverage, LiquidationStore } from './store.ts';
import type { CollectionGap, CollectorSession, DailyRow, LargestRow, LiquidationEvent, SeriesTotal } from './types.ts';

/** The collector session log and lease, async. See SessionLog for the meaning of each method. */
export interface SessionRepo {
  /** Record that `exchange`'s stream connected at `at`; resolves to the session id. */
  open(exchange: string, at: number): Promise<number>;
  /** Heartbeat: the session's collector was alive at `at`. */
  touch(id: number, at: number): Promise<void>;
  /** Record that the session ended at `at`, and why. */
  close(id: number, at: number, reason: string): Promise<void>;
  /** Close sessions a previous process left open, at their last heartbeat; resolves to how many. */
  closeAbandoned(exchange: string): Promise<number>;
  /** Sessions overlapping [from, to], open ones resolved against `now`. */
  overlapping(from: number, to: number, now: number, staleAfterMs?: number): Promise<CollectorSession[]>;
  /** Epoch ms of the first session on record. */
  firstStart(): Promise<number | undefined>;
  /** Take or renew the single-writer lease (see SessionLog.acquireLease). */
  acquireLease(owner: string, now: number, ttlMs: number, holderIsDead?: (holder: string) => boolean): Promise<boolean>;
  /** The current lease holder and expiry. */
  lease(): Promise<{ owner: string; expiresAt: number } | undefined>;
  /** Give the lease up (only if `owner` holds it). */
  releaseLease(owner: string): Promise<void>;
}

/** The liquidation store, async, on either engine. */
export interface LiquidationRepo {
  /** "sqlite" or "postgres". */
  readonly engine: 'sqlite' | 'postgres';
  readonly sessions: SessionRepo;
  /** Fold `events` into the buckets in one transaction; events already stored are not counted again. */
  write(events: readonly LiquidationEvent[]): Promise<WriteResult>;
  /** Count and cents per series over minutes [startMinute, endMinute] inclusive. */
  totals(startMinute: number, endMinute: number): Promise<SeriesTotal[]>;
  /** The largest single liquidation over minutes [startMinute, endMinute] inclusive. */
  largest(startMinute: number, endMinute: number): Promise<LargestRow | undefined>;
  /** Totals per UTC day and side for the days containing [from, to] (epoch ms). */
  daily(from: number, to: number): Promise<DailyRow[]>;
  /** Totals of `coin` per UTC hour and side over minutes [startMinute, endMinute]. */
  hourly(coin: string, startMinute: number, endMinute: number): Promise<HourlyRow[]>;
  /** How [from, to] was covered by the collectors, judged at `now`. */
  coverage(from: number, to: number, now: number, staleAfterMs?: number): Promise<Coverage>;
  /** The gaps in `exchange`'s collection during [from, to]. */
  gaps(exchange: string, from: number, to: number, now: number): Promise<CollectionGap[]>;
  /** Every liquidation recorded with from <= at < to (epoch ms), oldest first (USD = amount x price). */
  recorded(from: number, to: number): Promise<LiquidationEvent[]>;
  /** Delete data that ended more than `retentionDays` before `now`. */
  prune(now: number, retentionDays: number): Promise<PruneResult>;
  /** Close the store (idempotent). */
  close(): Promise<void>;
}

/** The SQLite engine: the synchronous store behind the async interface. */
export class SqliteLiquidationRepo implements LiquidationRepo {
  readonly engine = 'sqlite' as const;
  readonly sessions: SessionRepo;

  constructor(readonly store: LiquidationStore) {
    const log = store.sessions;
    this.sessions = {
      open: async (exchange, at) => log.open(exchange, at),
      touch: async (id, at) => log.touch(id, at),
      close: async (id, at, reason) => log.close(id, at, reason),
      closeAbandoned: async (exchange) => log.closeAbandoned(exchange),
      overlapping: async (from, to, now, staleAfterMs) => log.overlapping(from, to, now, staleAfterMs),
      firstStart: async () => log.firstStart(),
      acquireLease: async (owner, now, ttlMs, holderIsDead) => log.acquireLease(owner, now, ttlMs, holderIsDead),
      lease: async () => log.lease(),
      releaseLease: async (owner) => log.releaseLease(owner),
    };
  }

  async write(events: readonly LiquidationEvent[]): Promise<WriteResult> {
    return this.store.write(events);
  }
  async totals(startMinute: number, endMinute: number): Promise<SeriesTotal[]> {
    return this.store.totals(startMinute, endMinute);
  }
  async largest(startMinute: number, endMinute: number): Promise<LargestRow | undefined> {
    return this.store.largest(startMinute, endMinute);
  }
  async daily(from: number, to: number): Promise<DailyRow[]> {
    return this.store.daily(from, to);
  }
  async hourly(coin: string, startMinute: number, endMinute: number): Promise<HourlyRow[]> {
    return this.store.hourly(coin, startMinute, endMinute);
  }
  async coverage(from: number, to: number, now: number, staleAfterMs?: number): Promise<Coverage> {
    return this.store.coverage(from, to, now, staleAfterMs);
  }
  async gaps(exchange: string, from: number, to: number, now: number): Promise<CollectionGap[]> {
    return this.store.gaps(exchange, from, to, now);
  }
  async recorded(from: number, to: number): Promise<LiquidationEvent[]> {
    return this.store.recorded(from, to);
  }
  async prune(now: number, retentionDays: number): Promise<PruneResult> {
    return this.store.prune(now, retentionDays);
  }
  async close(): Promise<void> {
    this.store.close();
  }
}
