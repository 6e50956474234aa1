// The liquidation store on PostgreSQL: the same tables, running totals and event keys as the SQLite store
// (../liquidations/bucket-writer.ts explains the bucket scheme), written with batched statements so a cascade
// costs a handful of round trips. Writers are serialised by an advisory lock held for each write transaction.
import type { WriteResult } from '../liquidations/bucket-writer.ts';
import { collectedShare, gapsFor } from '../liquidations/coverage.ts';
import type { HourlyRow } from '../liquidations/hourly-query.ts';
import type { LiquidationRepo, SessionRepo } from '../liquidations/repo.ts';
import type { PruneResult } from '../liquidations/retention.ts';
import { DEFAULT_STALE_AFTER_MS, sessionsFrom, type SessionRow } from '../liquidations/sessions.ts';
import type { Coverage } from '../liquidations/store.ts';
import {
  DAY_MS,
  MINUTE_MS,
  TOP_SCALES,
  toCents,
  type CollectionGap,
  type CollectorSession,
  type DailyRow,
  type LargestRow,
  type LiquidationEvent,
  type LiquidationSide,
  type SeriesTotal,
} from '../liquidations/types.ts';
import { coverWithPeriods } from '../liquidations/window-query.ts';
import { byTime, recordedEvent } from '../liquidations/recorded-query.ts';
import type { PgDb, PgQueryable } from './pg-db.ts';

const WRITE_LOCK = 7_414_212_002;
const LEASE_LOCK = 7_414_212_003;

/** The session log and collector lease on PostgreSQL. */
class PgSessions implements SessionRepo {
  constructor(private readonly db: PgDb) {}

  async open(exchange: string, at: number): Promise<number> {
    const { rows } = await this.db.query<{ id: number }>(
      'INSERT INTO collector_sessions (exchange, started_at, last_seen_at) VALUES ($1, $2, $2) RETURNING id',
      [exchange, at],
    );
    return rows[0]!.id;
  }

  async touch(id: number, at: number): Promise<void> {
    await this.db.query(
      'UPDATE collector_sessions SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id = $2 AND ended_at IS NULL',
      [at, id],
    );
  }

  async close(id: number, at: number, reason: string): Promise<void> {
    await this.db.query(
      'UPDATE collector_sessions SET ended_at = GREATEST(started_at, $1), last_seen_at = GREATEST(started_at, $1), end_reason = $2 WHERE id = $3 AND ended_at IS NULL',
      [at, reason, id],
    );
  }

  async closeAbandoned(exchange: string): Promise<number> {
    return (
      await this.db.query(
        "UPDATE collector_sessions SET ended_at = last_seen_at, end_reason = 'abandoned' WHERE exchange = $1 AND ended_at IS NULL",
        [exchange],
      )
    ).rowCount;
  }

  async overlapping(
    from: number,
    to: number,
    now: number,
    staleAfterMs = DEFAULT_STALE_AFTER_MS,
  ): Promise<CollectorSession[]> {
    const { rows } = await this.db.query<SessionRow>(
      `SELECT id, exchange, started_at, last_seen_at, ended_at, end_reason FROM collector_sessions
        WHERE started_at <= $1 AND (ended_at IS NULL OR ended_at >= $2) ORDER BY started_at, id`,
      [to, from],
    );
    return sessionsFrom(rows, from, now, staleAfterMs);
  }

  async firstStart(): Promise<number | undefined> {
    const { rows } = await this.db.query<{ v: number | null }>('SELECT MIN(started_at) AS v FROM collector_sessions');
    return rows[0]?.v ?? undefined;
  }

  async acquireLease(
    owner: string,
    now: number,
    ttlMs: number,
    holderIsDead?: (holder: string) => boolean,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LEASE_LOCK]);
      const { rows } = await tx.query<{ owner: string; expires_at: number }>(
        'SELECT owner, expires_at FROM collector_lease WHERE id = 1',
      );
      const row = rows[0];
      if (row && row.owner !== owner && row.expires_at > now && !holderIsDead?.(row.owner)) return false;
      await tx.query(
        'INSERT INTO collector_lease (id, owner, expires_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
        [owner, now + ttlMs],
      );
      return true;
    });
  }

  async lease(): Promise<{ owner: string; expiresAt: number } | undefined> {
    const { rows } = await this.db.query<{ owner: string; expires_at: number }>(
      'SELECT owner, expires_at FROM collector_lease WHERE id = 1',
    );
    return rows[0] ? { owner: rows[0].owner, expiresAt: rows[0].expires_at } : undefined;
  }

  async releaseLease(owner: string): Promise<void> {
    await this.db.query('DELETE FROM collector_lease WHERE id = 1 AND owner = $1', [owner]);
  }
}

const keyOf = (series: number, at: number, amount: number, price: number) => `${series}|${at}|${amount}|${price}`;

/** The liquidation store on PostgreSQL. */
export class PgLiquidationRepo implements LiquidationRepo {
  readonly engine = 'postgres' as const;
  readonly sessions: SessionRepo;
  private readonly seriesIds = new Map<string, number>();

  /** Wrap an open, migrated pool (see openStorage). `ownsDb`: close() ends the pool. */
  constructor(
    private readonly db: PgDb,
    private readonly ownsDb = false,
  ) {
    this.sessions = new PgSessions(db);
  }

  async write(events: readonly LiquidationEvent[]): Promise<WriteResult> {
    const result: WriteResult = { stored: 0, duplicates: 0, duplicatesByExchange: {} };
    if (events.length === 0) return result;
    try {
      return await this.db.transaction((tx) => this.apply(tx, events, result));
    } catch (error) {
      this.seriesIds.clear(); // ids created inside the rolled-back transaction may not exist
      throw error;
    }
  }

  private async apply(tx: PgQueryable, events: readonly LiquidationEvent[], result: WriteResult): Promise<WriteResult> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    const series = await this.seriesOf(tx, events);
    // every event's key in one statement; the rows that come back are the new ones
    const inserted = await tx.query<{ series: number; at: number; amount: number; price: number }>(
      `INSERT INTO liq_events (series, at, amount, price)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::float8[])
       ON CONFLICT DO NOTHING RETURNING series, at, amount, price`,
      [series, events.map((e) => e.at), events.map((e) => e.amount), events.map((e) => e.price)],
    );
    const fresh = new Map<string, number>();
    for (const r of inserted.rows) fresh.set(keyOf(r.series, r.at, r.amount, r.price), 1);
    const deltas = new Map<string, { series: number; minute: number; count: number; cents: number }>();
    const tops = new Map<string, { scale: number; period: number; series: number; cents: number; at: number }>();
    const daily = new Map<string, { day: number; exchange: string; side: string; count: number; cents: number }>();
    events.forEach((e, i) => {
      const id = series[i]!;
      const key = keyOf(id, e.at, e.amount, e.price);
      if (fresh.get(key) !== 1) {
        result.duplicates += 1;
        result.duplicatesByExchange[e.exchange] = (result.duplicatesByExchange[e.exchange] ?? 0) + 1;
        return;
      }
      fresh.set(key, 0); // a second copy in this batch is a duplicate
      result.stored += 1;
      const minute = Math.floor(e.at / MINUTE_MS);
      const cents = toCents(e.usd);
      const d =
        deltas.get(`${id}:${minute}`) ??
        deltas.set(`${id}:${minute}`, { series: id, minute, count: 0, cents: 0 }).get(`${id}:${minute}`)!;
      d.count += 1;
      d.cents += cents;
      for (const scale of TOP_SCALES) {
        const period = Math.floor(minute / scale) * scale;
        const top = tops.get(`${scale}:${period}`);
        if (!top || cents > top.cents) tops.set(`${scale}:${period}`, { scale, period, series: id, cents, at: e.at });
      }
      const day = Math.floor(minute / 1440);
      const t =
        daily.get(`${day}|${e.exchange}|${e.side}`) ??
        daily
          .set(`${day}|${e.exchange}|${e.side}`, { day, exchange: e.exchange, side: e.side, count: 0, cents: 0 })
          .get(`${day}|${e.exchange}|${e.side}`)!;
      t.count += 1;
      t.cents += cents;
    });
    for (const d of deltas.values()) {
      const updated = await tx.query(
        'UPDATE liq_minutes SET count = count + $1, cents = cents + $2, cum_count = cum_count + $1, cum_cents = cum_cents + $2 WHERE series = $3 AND minute = $4',
        [d.count, d.cents, d.series, d.minute],
      );
      if (updated.rowCount === 0) {
        await tx.query(
          `INSERT INTO liq_minutes (series, minute, count, cents, cum_count, cum_cents)
           SELECT $1, $2, $3, $4, COALESCE(p.cum_count, 0) + $3, COALESCE(p.cum_cents, 0) + $4
             FROM (SELECT 1) one LEFT JOIN LATERAL (
               SELECT cum_count, cum_cents FROM liq_minutes WHERE series = $1 AND minute < $2 ORDER BY minute DESC LIMIT 1
             ) p ON true`,
          [d.series, d.minute, d.count, d.cents],
        );
      }
      // buckets after this minute (late events) carry the running total forward
      await tx.query(
        'UPDATE liq_minutes SET cum_count = cum_count + $1, cum_cents = cum_cents + $2 WHERE series = $3 AND minute > $4',
        [d.count, d.cents, d.series, d.minute],
      );
      await tx.query(
        'UPDATE liq_series SET cum_count = cum_count + $1, cum_cents = cum_cents + $2, last_minute = GREATEST(last_minute, $3) WHERE id = $4',
        [d.count, d.cents, d.minute, d.series],
      );
    }
    for (const t of tops.values()) {
      await tx.query(
        `INSERT INTO liq_top (scale, period, series, cents, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (scale, period) DO UPDATE SET series = excluded.series, cents = excluded.cents, at = excluded.at
         WHERE excluded.cents > liq_top.cents`,
        [t.scale, t.period, t.series, t.cents, t.at],
      );
    }
    for (const d of daily.values()) {
      await tx.query(
        `INSERT INTO liq_daily (day, exchange, side, count, cents) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (day, exchange, side) DO UPDATE SET count = liq_daily.count + excluded.count, cents = liq_daily.cents + excluded.cents`,
        [d.day, d.exchange, d.side, d.count, d.cents],
      );
    }
    return result;
  }

  /** The series id of each event, creating series as needed. */
  private async seriesOf(tx: PgQueryable, events: readonly LiquidationEvent[]): Promise<number[]> {
    const out: number[] = [];
    for (const e of events) {
      const key = `${e.exchange}\u0000${e.symbol}\u0000${e.side}`;
      let id = this.seriesIds.get(key);
      if (id === undefined) {
        await tx.query(
          'INSERT INTO liq_series (exchange, symbol, coin, side) VALUES ($1, $2, $3, $4) ON CONFLICT (exchange, symbol, side) DO NOTHING',
          [e.exchange, e.symbol, e.coin, e.side],
        );
        const { rows } = await tx.query<{ id: number }>(
          'SELECT id FROM liq_series WHERE exchange = $1 AND symbol = $2 AND side = $3',
          [e.exchange, e.symbol, e.side],
        );
        id = rows[0]!.id;
        this.seriesIds.set(key, id);
      }
      out.push(id);
    }
    return out;
  }

  async totals(startMinute: number, endMinute: number): Promise<SeriesTotal[]> {
    const { rows } = await this.db.query<{
      exchange: string;
      symbol: string;
      coin: string;
      side: LiquidationSide;
      c0: number | null;
      u0: number | null;
      c1: number | null;
      u1: number | null;
    }>(
      `SELECT s.exchange, s.symbol, s.coin, s.side,
         (SELECT cum_count - count FROM liq_minutes WHERE series = s.id AND minute >= $1 ORDER BY minute LIMIT 1) AS c0,
         (SELECT cum_cents - cents FROM liq_minutes WHERE series = s.id AND minute >= $1 ORDER BY minute LIMIT 1) AS u0,
         CASE WHEN s.last_minute <= $2 THEN s.cum_count
           ELSE (SELECT cum_count FROM liq_minutes WHERE series = s.id AND minute <= $2 ORDER BY minute DESC LIMIT 1) END AS c1,
         CASE WHEN s.last_minute <= $2 THEN s.cum_cents
           ELSE (SELECT cum_cents FROM liq_minutes WHERE series = s.id AND minute <= $2 ORDER BY minute DESC LIMIT 1) END AS u1
       FROM liq_series s WHERE s.last_minute >= $1 ORDER BY s.id`,
      [startMinute, endMinute],
    );
    const out: SeriesTotal[] = [];
    for (const { exchange, symbol, coin, side, c0, u0, c1, u1 } of rows) {
      if (c0 === null || u0 === null || c1 === null || u1 === null) continue;
      const count = c1 - c0;
      if (count <= 0) continue;
      out.push({ exchange, symbol, coin, side, count, cents: u1 - u0 });
    }
    return out;
  }

  async largest(startMinute: number, endMinute: number): Promise<LargestRow | undefined> {
    let best: LargestRow | undefined;
    for (const range of coverWithPeriods(startMinute, endMinute)) {
      const { rows } = await this.db.query<LargestRow>(
        `SELECT s.exchange, s.symbol, s.coin, s.side, t.cents, t.at
           FROM liq_top t JOIN liq_series s ON s.id = t.series
          WHERE t.scale = $1 AND t.period >= $2 AND t.period < $3
          ORDER BY t.cents DESC, t.at ASC LIMIT 1`,
        [range.scale, range.from, range.to],
      );
      const row = rows[0];
      if (row && (!best || row.cents > best.cents)) best = row;
    }
    return best;
  }

  async daily(from: number, to: number): Promise<DailyRow[]> {
    const { rows } = await this.db.query<{ day: number; side: LiquidationSide; count: number; cents: number }>(
      `SELECT day, side, SUM(count) AS count, SUM(cents) AS cents FROM liq_daily
        WHERE day >= $1 AND day <= $2 GROUP BY day, side ORDER BY day, side`,
      [Math.floor(from / DAY_MS), Math.floor(to / DAY_MS)],
    );
    return rows.map((r) => ({ day: r.day * DAY_MS, side: r.side, count: r.count, cents: r.cents }));
  }

  async hourly(coin: string, startMinute: number, endMinute: number): Promise<HourlyRow[]> {
    const firstHour = Math.floor(startMinute / 60);
    const lastHour = Math.floor(endMinute / 60);
    const { rows } = await this.db.query<{ hour: number; side: LiquidationSide; count: number; cents: number }>(
      `SELECT m.minute / 60 AS hour, s.side, SUM(m.count) AS count, SUM(m.cents) AS cents
         FROM liq_series s JOIN liq_minutes m ON m.series = s.id
        WHERE s.coin = $1 AND m.minute >= $2 AND m.minute < $3
        GROUP BY m.minute / 60, s.side HAVING SUM(m.count) > 0 ORDER BY hour, s.side`,
      [coin, firstHour * 60, (lastHour + 1) * 60],
    );
    return rows.map((r) => ({ hour: r.hour * 3_600_000, side: r.side, count: r.count, cents: r.cents }));
  }

  async coverage(from: number, to: number, now: number, staleAfterMs = DEFAULT_STALE_AFTER_MS): Promise<Coverage> {
    const sessions = await this.sessions.overlapping(from, to, now, staleAfterMs);
    const exchanges = [
      ...new Set(sessions.filter((s) => s.end > from || s.start >= from).map((s) => s.exchange)),
    ].sort();
    const since = await this.sessions.firstStart();
    return {
      exchanges,
      collectedShare: collectedShare(sessions, from, to),
      ...(since !== undefined ? { collectingSince: since } : {}),
      sessions,
    };
  }

  async gaps(exchange: string, from: number, to: number, now: number): Promise<CollectionGap[]> {
    return gapsFor(await this.sessions.overlapping(from, to, now), exchange, from, to);
  }

  async recorded(from: number, to: number): Promise<LiquidationEvent[]> {
    const { rows } = await this.db.query<{
      exchange: string;
      symbol: string;
      coin: string;
      side: LiquidationSide;
      at: number;
      amount: number;
      price: number;
    }>(
      `SELECT s.exchange, s.symbol, s.coin, s.side, e.at, e.amount, e.price
         FROM liq_events e JOIN liq_series s ON s.id = e.series
        WHERE e.at >= $1 AND e.at < $2`,
      [from, to],
    );
    return rows.map((r) => recordedEvent(r, Number(r.at), Number(r.amount), Number(r.price))).sort(byTime);
  }

  async prune(now: number, retentionDays: number): Promise<PruneResult> {
    const cutoff = now - retentionDays * DAY_MS;
    const cutoffMinute = Math.floor(cutoff / MINUTE_MS);
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const buckets = (await tx.query('DELETE FROM liq_minutes WHERE minute < $1', [cutoffMinute])).rowCount;
      const events = (await tx.query('DELETE FROM liq_events WHERE at < $1', [cutoffMinute * MINUTE_MS])).rowCount;
      let tops = 0;
      for (const scale of TOP_SCALES)
        tops += (
          await tx.query('DELETE FROM liq_top WHERE scale = $1 AND period < $2', [scale, cutoffMinute - scale + 1])
        ).rowCount;
      const days = (await tx.query('DELETE FROM liq_daily WHERE day < $1', [Math.floor(cutoff / DAY_MS)])).rowCount;
      const sessions = (
        await tx.query('DELETE FROM collector_sessions WHERE ended_at IS NOT NULL AND ended_at < $1', [cutoff])
      ).rowCount;
      return { buckets, events, tops, days, sessions };
    });
  }

  async close(): Promise<void> {
    if (this.ownsDb) await this.db.close();
  }
}
