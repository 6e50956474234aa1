// Retention: deletes liquidation buckets, event keys, largest-event rows, daily totals and ended sessions older
// than a cut-off, one series at a time so every delete is a primary-key range.
import type Database from 'better-sqlite3';
import { DAY_MS, MINUTE_MS, TOP_SCALES } from './types.ts';

/** What a prune removed. */
export interface PruneResult {
  buckets: number;
  /** Event keys (liq_events rows). */
  events: number;
  tops: number;
  days: number;
  sessions: number;
}

/**
 * Delete everything that ended before `cutoff` (epoch ms): buckets of earlier minutes, largest-event
 * periods and UTC days that ended by then, sessions that ended by then. Running totals of the buckets
 * that remain stay valid (range sums only difference them).
 */
export function pruneBefore(db: Database.Database, cutoff: number): PruneResult {
  const cutoffMinute = Math.floor(cutoff / MINUTE_MS);
  const cutoffDay = Math.floor(cutoff / DAY_MS);
  return db
    .transaction((): PruneResult => {
      const seriesIds = db.prepare('SELECT id FROM liq_series').pluck().all() as number[];
      const delBuckets = db.prepare('DELETE FROM liq_minutes WHERE series = ? AND minute < ?');
      const delEvents = db.prepare('DELETE FROM liq_events WHERE series = ? AND at < ?');
      let buckets = 0;
      let events = 0;
      for (const id of seriesIds) {
        buckets += delBuckets.run(id, cutoffMinute).changes;
        events += delEvents.run(id, cutoffMinute * MINUTE_MS).changes;
      }
      const delTop = db.prepare('DELETE FROM liq_top WHERE scale = ? AND period < ?');
      let tops = 0;
      for (const scale of TOP_SCALES) tops += delTop.run(scale, cutoffMinute - scale + 1).changes;
      const days = db.prepare('DELETE FROM liq_daily WHERE day < ?').run(cutoffDay).changes;
      const sessions = db
        .prepare('DELETE FROM collector_sessions WHERE ended_at IS NOT NULL AND ended_at < ?')
        .run(cutoff).changes;
      return { buckets, events, tops, days, sessions };
    })
    .immediate();
}
