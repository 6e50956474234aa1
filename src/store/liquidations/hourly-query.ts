// Reads per-hour liquidation totals of one coin out of the minute buckets (every exchange and symbol of the
// coin summed), for the liquidation bars under a price chart. Coverage is judged elsewhere (summary.ts).
// Uses the running totals: one index seek per series and hour boundary, however dense the buckets are.
import type Database from 'better-sqlite3';
import type { LiquidationSide } from './types.ts';

/** Liquidations of one coin in one UTC hour, on one side, over every exchange. */
export interface HourlyRow {
  /** Epoch ms of the start of the hour. */
  hour: number;
  side: LiquidationSide;
  count: number;
  /** USD in integer cents. */
  cents: number;
}

const HOUR_MS = 3_600_000;

/** Prepared statements over one database. */
export class HourlyQuery {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      series: db.prepare('SELECT id, side FROM liq_series WHERE coin = ? AND last_minute >= ? ORDER BY id'),
      // running totals up to and including the newest bucket before `minute` (0, 0 before the first)
      before: db
        .prepare(
          'SELECT cum_count, cum_cents FROM liq_minutes WHERE series = ? AND minute < ? ORDER BY minute DESC LIMIT 1',
        )
        .raw(),
    };
  }

  /**
   * Rows of `coin` for the UTC hours from the one holding `startMinute` to the one holding `endMinute` (epoch
   * minutes; the first and last hours are counted whole), oldest first; hours and sides with nothing are absent.
   */
  rows(coin: string, startMinute: number, endMinute: number): HourlyRow[] {
    const firstHour = Math.floor(startMinute / 60);
    const lastHour = Math.floor(endMinute / 60);
    const sums = new Map<string, HourlyRow>();
    const series = this.stmt.series.all(coin, firstHour * 60) as Array<{ id: number; side: LiquidationSide }>;
    for (const { id, side } of series) {
      const at = (hour: number) => (this.stmt.before.get(id, hour * 60) as [number, number] | undefined) ?? [0, 0];
      let [count0, cents0] = at(firstHour);
      for (let hour = firstHour; hour <= lastHour; hour++) {
        const [count1, cents1] = at(hour + 1);
        if (count1 > count0) {
          const key = `${hour}:${side}`;
          const row = sums.get(key) ?? sums.set(key, { hour: hour * HOUR_MS, side, count: 0, cents: 0 }).get(key)!;
          row.count += count1 - count0;
          row.cents += cents1 - cents0;
        }
        [count0, cents0] = [count1, cents1];
      }
    }
    return [...sums.values()].sort((a, b) => a.hour - b.hour || a.side.localeCompare(b.side));
  }
}
