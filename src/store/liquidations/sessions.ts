// The collector session log: when each exchange's stream was connected, with a heartbeat, so that
// coverage and gaps can be stated, and the single-writer lease that keeps two collectors off one file.
import type Database from 'better-sqlite3';
import type { CollectorSession } from './types.ts';

/** An open session whose heartbeat is older than this (ms) is treated as ended at its last heartbeat. */
export const DEFAULT_STALE_AFTER_MS = 90_000;

/** A `collector_sessions` row, as both engines return it. */
export interface SessionRow {
  id: number;
  exchange: string;
  started_at: number;
  last_seen_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

/**
 * The sessions of `rows` that reach `from`, open ones resolved against `now`: one whose heartbeat is fresher than
 * `staleAfterMs` runs to now, a stale one ended at its last heartbeat.
 */
export function sessionsFrom(
  rows: readonly SessionRow[],
  from: number,
  now: number,
  staleAfterMs = DEFAULT_STALE_AFTER_MS,
): CollectorSession[] {
  const out: CollectorSession[] = [];
  for (const r of rows) {
    const open = r.ended_at === null;
    const end = open
      ? now - r.last_seen_at <= staleAfterMs
        ? Math.max(now, r.last_seen_at)
        : r.last_seen_at
      : (r.ended_at as number);
    if (end < from) continue;
    out.push({
      id: r.id,
      exchange: r.exchange,
      start: r.started_at,
      end,
      open,
      ...(r.end_reason ? { endReason: r.end_reason } : {}),
    });
  }
  return out;
}

/** Reads and writes `collector_sessions` and `collector_lease`. */
export class SessionLog {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      open: db.prepare('INSERT INTO collector_sessions (exchange, started_at, last_seen_at) VALUES (?, ?, ?)'),
      touch: db.prepare(
        'UPDATE collector_sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ? AND ended_at IS NULL',
      ),
      close: db.prepare(
        'UPDATE collector_sessions SET ended_at = MAX(started_at, ?), last_seen_at = MAX(started_at, ?), end_reason = ? WHERE id = ? AND ended_at IS NULL',
      ),
      closeAbandoned: db.prepare(
        "UPDATE collector_sessions SET ended_at = last_seen_at, end_reason = 'abandoned' WHERE exchange = ? AND ended_at IS NULL",
      ),
      overlapping: db.prepare(
        `SELECT id, exchange, started_at, last_seen_at, ended_at, end_reason FROM collector_sessions
          WHERE started_at <= ? AND (ended_at IS NULL OR ended_at >= ?) ORDER BY started_at, id`,
      ),
      first: db.prepare('SELECT MIN(started_at) FROM collector_sessions').pluck(),
      lease: db.prepare('SELECT owner, expires_at FROM collector_lease WHERE id = 1'),
      setLease: db.prepare(
        'INSERT INTO collector_lease (id, owner, expires_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
      ),
      dropLease: db.prepare('DELETE FROM collector_lease WHERE id = 1 AND owner = ?'),
    };
  }

  /** Record that `exchange`'s stream connected at `at`; returns the session id. */
  open(exchange: string, at: number): number {
    return Number(this.stmt.open.run(exchange, at, at).lastInsertRowid);
  }

  /** Heartbeat: the session's collector was alive (and the stream connected) at `at`. */
  touch(id: number, at: number): void {
    this.stmt.touch.run(at, id);
  }

  /** Record that the session's stream ended at `at`, and why ("disconnected", "silent", "stopped"...). */
  close(id: number, at: number, reason: string): void {
    this.stmt.close.run(at, at, reason, id);
  }

  /** Close sessions a previous process left open, at their last heartbeat. Returns how many. */
  closeAbandoned(exchange: string): number {
    return this.stmt.closeAbandoned.run(exchange).changes;
  }

  /** Sessions overlapping [from, to], with open ones resolved against `now` (see DEFAULT_STALE_AFTER_MS). */
  overlapping(from: number, to: number, now: number, staleAfterMs = DEFAULT_STALE_AFTER_MS): CollectorSession[] {
    return sessionsFrom(this.stmt.overlapping.all(to, from) as SessionRow[], from, now, staleAfterMs);
  }

  /** Epoch ms of the first session still on record, if any. */
  firstStart(): number | undefined {
    const v = this.stmt.first.get() as number | null;
    return v ?? undefined;
  }

  /**
   * Take or renew the single-writer lease for `owner` until `now + ttlMs`. Returns false (and changes
   * nothing) while another owner's lease is still valid, unless `holderIsDead` says that owner's process
   * has died (then the lease is taken at once instead of after it runs out).
   */
  acquireLease(owner: string, now: number, ttlMs: number, holderIsDead?: (holder: string) => boolean): boolean {
    return this.db
      .transaction(() => {
        const row = this.stmt.lease.get() as { owner: string; expires_at: number } | undefined;
        if (row && row.owner !== owner && row.expires_at > now && !holderIsDead?.(row.owner)) return false;
        this.stmt.setLease.run(owner, now + ttlMs);
        return true;
      })
      .immediate();
  }

  /** The current lease holder and expiry, if any. */
  lease(): { owner: string; expiresAt: number } | undefined {
    const row = this.stmt.lease.get() as { owner: string; expires_at: number } | undefined;
    return row ? { owner: row.owner, expiresAt: row.expires_at } : undefined;
  }

  /** Give the lease up (only if `owner` holds it). */
  releaseLease(owner: string): void {
    this.stmt.dropLease.run(owner);
  }
}
