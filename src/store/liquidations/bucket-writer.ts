// Folds liquidation events into per-minute buckets and writes a batch in one transaction:
// bucket counts and cents, the running totals that make range sums cheap, the largest event per
// minute/hour/day, and the per-day totals. Each event is first inserted into `liq_events` under its key
// (exchange, symbol, side, time, amount, price); only events whose row is new reach the buckets, so an
// exchange resending recent events after a reconnect, or a restarted collector, never counts one twice.
import type Database from 'better-sqlite3';
import { MINUTE_MS, TOP_SCALES, toCents, type LiquidationEvent } from './types.ts';

interface Delta {
  series: number;
  minute: number;
  count: number;
  cents: number;
}

interface Top {
  series: number;
  cents: number;
  at: number;
}

/** What one write did: events newly counted, and events already stored (resends). */
export interface WriteResult {
  stored: number;
  duplicates: number;
  /** Duplicates per exchange id. */
  duplicatesByExchange: Record<string, number>;
}

/** Writes batches of liquidation events into the bucket tables of one database. */
export class BucketWriter {
  private readonly seriesIds = new Map<string, number>();
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      insertSeries: db.prepare('INSERT OR IGNORE INTO liq_series (exchange, symbol, coin, side) VALUES (?, ?, ?, ?)'),
      selectSeries: db.prepare('SELECT id FROM liq_series WHERE exchange = ? AND symbol = ? AND side = ?').pluck(),
      insertEvent: db.prepare(
        'INSERT INTO liq_events (series, at, amount, price) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      hasBucket: db.prepare('SELECT 1 FROM liq_minutes WHERE series = ? AND minute = ?').pluck(),
      addToBucket: db.prepare(
        'UPDATE liq_minutes SET count = count + ?, cents = cents + ?, cum_count = cum_count + ?, cum_cents = cum_cents + ? WHERE series = ? AND minute = ?',
      ),
      previous: db
        .prepare(
          'SELECT cum_count, cum_cents FROM liq_minutes WHERE series = ? AND minute < ? ORDER BY minute DESC LIMIT 1',
        )
        .raw(),
      insertBucket: db.prepare(
        'INSERT INTO liq_minutes (series, minute, count, cents, cum_count, cum_cents) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      addToSeries: db.prepare(
        'UPDATE liq_series SET cum_count = cum_count + ?, cum_cents = cum_cents + ?, last_minute = MAX(last_minute, ?) WHERE id = ?',
      ),
      shiftLater: db.prepare(
        'UPDATE liq_minutes SET cum_count = cum_count + ?, cum_cents = cum_cents + ? WHERE series = ? AND minute > ?',
      ),
      upsertTop: db.prepare(
        `INSERT INTO liq_top (scale, period, series, cents, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scale, period) DO UPDATE SET series = excluded.series, cents = excluded.cents, at = excluded.at
         WHERE excluded.cents > liq_top.cents`,
      ),
      upsertDaily: db.prepare(
        `INSERT INTO liq_daily (day, exchange, side, count, cents) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (day, exchange, side) DO UPDATE SET count = count + excluded.count, cents = cents + excluded.cents`,
      ),
    };
  }

  /** Write `events` (any order, any minutes) in one transaction; events already stored are left out. */
  write(events: readonly LiquidationEvent[]): WriteResult {
    if (events.length === 0) return { stored: 0, duplicates: 0, duplicatesByExchange: {} };
    try {
      return this.db.transaction(() => this.apply(events)).immediate();
    } catch (error) {
      this.seriesIds.clear(); // ids created inside the rolled-back transaction no longer exist
      throw error;
    }
  }

  private apply(events: readonly LiquidationEvent[]): WriteResult {
    const deltas = new Map<string, Delta>();
    const tops = new Map<string, Top>();
    const daily = new Map<string, { day: number; exchange: string; side: string; count: number; cents: number }>();
    const result: WriteResult = { stored: 0, duplicates: 0, duplicatesByExchange: {} };
    for (const e of events) {
      const series = this.seriesId(e);
      if (this.stmt.insertEvent.run(series, e.at, e.amount, e.price).changes === 0) {
        result.duplicates += 1;
        result.duplicatesByExchange[e.exchange] = (result.duplicatesByExchange[e.exchange] ?? 0) + 1;
        continue;
      }
      result.stored += 1;
      const minute = Math.floor(e.at / MINUTE_MS);
      const cents = toCents(e.usd);
      const key = `${series}:${minute}`;
      const delta = deltas.get(key);
      if (delta) {
        delta.count += 1;
        delta.cents += cents;
      } else deltas.set(key, { series, minute, count: 1, cents });
      for (const scale of TOP_SCALES) {
        const topKey = `${scale}:${Math.floor(minute / scale) * scale}`;
        const top = tops.get(topKey);
        if (!top || cents > top.cents) tops.set(topKey, { series, cents, at: e.at });
      }
      const day = Math.floor(minute / 1440);
      const dayKey = `${day}|${e.exchange}|${e.side}`;
      const d = daily.get(dayKey);
      if (d) {
        d.count += 1;
        d.cents += cents;
      } else daily.set(dayKey, { day, exchange: e.exchange, side: e.side, count: 1, cents });
    }
    const s = this.stmt;
    for (const d of deltas.values()) {
      if (s.hasBucket.get(d.series, d.minute) !== undefined) {
        s.addToBucket.run(d.count, d.cents, d.count, d.cents, d.series, d.minute);
      } else {
        const prev = s.previous.get(d.series, d.minute) as [number, number] | undefined;
        s.insertBucket.run(
          d.series,
          d.minute,
          d.count,
          d.cents,
          (prev?.[0] ?? 0) + d.count,
          (prev?.[1] ?? 0) + d.cents,
        );
      }
      // buckets after this minute (late events) carry the running total forward
      s.shiftLater.run(d.count, d.cents, d.series, d.minute);
      s.addToSeries.run(d.count, d.cents, d.minute, d.series);
    }
    for (const [key, top] of tops) {
      const [scale, period] = key.split(':').map(Number);
      s.upsertTop.run(scale, period, top.series, top.cents, top.at);
    }
    for (const d of daily.values()) s.upsertDaily.run(d.day, d.exchange, d.side, d.count, d.cents);
    return result;
  }

  private seriesId(e: LiquidationEvent): number {
    const key = `${e.exchange}\u0000${e.symbol}\u0000${e.side}`;
    let id = this.seriesIds.get(key);
    if (id === undefined) {
      this.stmt.insertSeries.run(e.exchange, e.symbol, e.coin, e.side);
      id = this.stmt.selectSeries.get(e.exchange, e.symbol, e.side) as number;
      this.seriesIds.set(key, id);
    }
    return id;
  }
}
