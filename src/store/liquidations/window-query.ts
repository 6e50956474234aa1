// Reads liquidation totals back out of the bucket tables: per-series sums over a range of minutes
// (two index look-ups per series thanks to the running totals), the largest single liquidation of a
// range, and per-day totals.
import type Database from 'better-sqlite3';
import { DAY_MS, TOP_SCALES, type DailyRow, type LargestRow, type LiquidationSide, type SeriesTotal } from './types.ts';

/** A range of whole periods at one scale: minutes [from, to) of periods `scale` minutes long. */
export interface ScaleRange {
  scale: number;
  from: number;
  to: number;
}

/**
 * Cover minutes [startMinute, endMinute] (inclusive) with the fewest minute, hour and day periods:
 * minutes at the ragged edges, hours next to them, whole UTC days in the middle.
 */
export function coverWithPeriods(
  startMinute: number,
  endMinute: number,
  scales: readonly number[] = TOP_SCALES,
): ScaleRange[] {
  const out: ScaleRange[] = [];
  let lo = startMinute;
  let hi = endMinute + 1;
  if (hi <= lo) return out;
  for (let i = 0; i < scales.length - 1; i++) {
    const scale = scales[i]!;
    const next = scales[i + 1]!;
    const alignedLo = Math.ceil(lo / next) * next;
    const alignedHi = Math.floor(hi / next) * next;
    if (alignedLo >= alignedHi) {
      out.push({ scale, from: lo, to: hi });
      return out;
    }
    if (lo < alignedLo) out.push({ scale, from: lo, to: alignedLo });
    if (alignedHi < hi) out.push({ scale, from: alignedHi, to: hi });
    lo = alignedLo;
    hi = alignedHi;
  }
  out.push({ scale: scales[scales.length - 1]!, from: lo, to: hi });
  return out;
}

/** Prepared read statements over one database. */
export class WindowQuery {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      totals: db
        .prepare(
          // series with nothing since the window start are skipped outright; a window that ends at or
          // after a series' newest bucket takes the running totals from the series row
          `SELECT s.exchange, s.symbol, s.coin, s.side,
             (SELECT cum_count - count FROM liq_minutes WHERE series = s.id AND minute >= @start ORDER BY minute LIMIT 1) AS c0,
             (SELECT cum_cents - cents FROM liq_minutes WHERE series = s.id AND minute >= @start ORDER BY minute LIMIT 1) AS u0,
             CASE WHEN s.last_minute <= @end THEN s.cum_count
               ELSE (SELECT cum_count FROM liq_minutes WHERE series = s.id AND minute <= @end ORDER BY minute DESC LIMIT 1) END AS c1,
             CASE WHEN s.last_minute <= @end THEN s.cum_cents
               ELSE (SELECT cum_cents FROM liq_minutes WHERE series = s.id AND minute <= @end ORDER BY minute DESC LIMIT 1) END AS u1
           FROM liq_series s WHERE s.last_minute >= @start`,
        )
        .raw(),
      top: db.prepare(
        `SELECT s.exchange, s.symbol, s.coin, s.side, t.cents, t.at
           FROM liq_top t JOIN liq_series s ON s.id = t.series
          WHERE t.scale = ? AND t.period >= ? AND t.period < ?
          ORDER BY t.cents DESC, t.at ASC LIMIT 1`,
      ),
      daily: db.prepare(
        `SELECT day, side, SUM(count) AS count, SUM(cents) AS cents FROM liq_daily
          WHERE day >= ? AND day <= ? GROUP BY day, side ORDER BY day, side`,
      ),
    };
  }

  /** Count and cents per series over minutes [startMinute, endMinute] inclusive; series with nothing are left out. */
  totals(startMinute: number, endMinute: number): SeriesTotal[] {
    const rows = this.stmt.totals.all({ start: startMinute, end: endMinute }) as Array<
      [string, string, string, LiquidationSide, number | null, number | null, number | null, number | null]
    >;
    const out: SeriesTotal[] = [];
    for (const [exchange, symbol, coin, side, c0, u0, c1, u1] of rows) {
      if (c0 === null || u0 === null || c1 === null || u1 === null) continue;
      const count = c1 - c0;
      if (count <= 0) continue;
      out.push({ exchange, symbol, coin, side, count, cents: u1 - u0 });
    }
    return out;
  }

  /** The largest single liquidation over minutes [startMinute, endMinute] inclusive, if any. */
  largest(startMinute: number, endMinute: number): LargestRow | undefined {
    let best: LargestRow | undefined;
    for (const range of coverWithPeriods(startMinute, endMinute)) {
      const row = this.stmt.top.get(range.scale, range.from, range.to) as LargestRow | undefined;
      if (row && (!best || row.cents > best.cents)) best = row;
    }
    return best;
  }

  /** Totals per UTC day and side for days [fromDay, toDay] (days since the epoch), oldest first. */
  daily(fromDay: number, toDay: number): DailyRow[] {
    const rows = this.stmt.daily.all(fromDay, toDay) as Array<{
      day: number;
      side: LiquidationSide;
      count: number;
      cents: number;
    }>;
    return rows.map((r) => ({ day: r.day * DAY_MS, side: r.side, count: r.count, cents: r.cents }));
  }
}
