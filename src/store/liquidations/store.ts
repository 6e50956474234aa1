// The liquidation store: one object over the SQLite database that the collectors write to and the
// snapshot builder reads from. Survives restarts; every method takes time as an argument.
import { openDatabase, type Db } from '../database.ts';
import { BucketWriter, type WriteResult } from './bucket-writer.ts';
import { collectedShare, gapsFor } from './coverage.ts';
import { HourlyQuery, type HourlyRow } from './hourly-query.ts';
import { pruneBefore, type PruneResult } from './retention.ts';
import { DEFAULT_STALE_AFTER_MS, SessionLog } from './sessions.ts';
import {
  DAY_MS,
  type CollectionGap,
  type CollectorSession,
  type DailyRow,
  type LargestRow,
  type LiquidationEvent,
  type SeriesTotal,
} from './types.ts';
import { WindowQuery } from './window-query.ts';
import { recordedEvents } from './recorded-query.ts';

/** Coverage of a span of time by the collectors. */
export interface Coverage {
  /** Exchanges with a session overlapping the span, sorted. */
  exchanges: string[];
  /** Share (0..1) of the span during which at least one stream was connected. */
  collectedShare: number;
  /** Epoch ms of the first session on record. */
  collectingSince?: number;
  sessions: CollectorSession[];
}

/** Liquidation buckets, coverage and retention over one SQLite database. */
export class LiquidationStore {
  private readonly writer: BucketWriter;
  private readonly query: WindowQuery;
  private readonly hourlyQuery: HourlyQuery;
  /** The session log and single-writer lease. */
  readonly sessions: SessionLog;
  private closed = false;

  /** Wrap an already open, migrated database (see openDatabase). */
  constructor(readonly db: Db) {
    this.writer = new BucketWriter(db);
    this.query = new WindowQuery(db);
    this.hourlyQuery = new HourlyQuery(db);
    this.sessions = new SessionLog(db);
  }

  /** Open (creating when missing) the database at `path` and wrap it. */
  static open(path: string): LiquidationStore {
    return new LiquidationStore(openDatabase(path));
  }

  /** Fold `events` into the per-minute buckets in one transaction; events already stored are not counted again. */
  write(events: readonly LiquidationEvent[]): WriteResult {
    return this.writer.write(events);
  }

  /** Count and cents per (exchange, symbol, side) over minutes [startMinute, endMinute] (epoch minutes, inclusive). */
  totals(startMinute: number, endMinute: number): SeriesTotal[] {
    return this.query.totals(startMinute, endMinute);
  }

  /** The largest single liquidation over minutes [startMinute, endMinute] inclusive. */
  largest(startMinute: number, endMinute: number): LargestRow | undefined {
    return this.query.largest(startMinute, endMinute);
  }

  /** Totals per UTC day and side for the days containing [from, to] (epoch ms). */
  daily(from: number, to: number): DailyRow[] {
    return this.query.daily(Math.floor(from / DAY_MS), Math.floor(to / DAY_MS));
  }

  /** Totals of `coin` per UTC hour and side over minutes [startMinute, endMinute] inclusive; empty hours are absent. */
  hourly(coin: string, startMinute: number, endMinute: number): HourlyRow[] {
    return this.hourlyQuery.rows(coin, startMinute, endMinute);
  }

  /** How [from, to] was covered by the collectors, judged at `now`. */
  coverage(from: number, to: number, now: number, staleAfterMs = DEFAULT_STALE_AFTER_MS): Coverage {
    const sessions = this.sessions.overlapping(from, to, now, staleAfterMs);
    const exchanges = [
      ...new Set(sessions.filter((s) => s.end > from || s.start >= from).map((s) => s.exchange)),
    ].sort();
    const since = this.sessions.firstStart();
    return {
      exchanges,
      collectedShare: collectedShare(sessions, from, to),
      ...(since !== undefined ? { collectingSince: since } : {}),
      sessions,
    };
  }

  /** The gaps in `exchange`'s collection during [from, to], judged at `now`. */
  gaps(exchange: string, from: number, to: number, now: number): CollectionGap[] {
    return gapsFor(this.sessions.overlapping(from, to, now), exchange, from, to);
  }

  /** Delete data that ended more than `retentionDays` before `now`. */
  /** Every liquidation recorded with from <= at < to (epoch ms), oldest first. */
  recorded(from: number, to: number): LiquidationEvent[] {
    return recordedEvents(this.db, from, to);
  }

  prune(now: number, retentionDays: number): PruneResult {
    return pruneBefore(this.db, now - retentionDays * DAY_MS);
  }

  /** Close the database (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
