// The market history on either engine (the SQL is the same on both; see ../sql-runner.ts): open interest and
// funding sampled per venue every few minutes (detailed, pruned with the retention), and the long-term daily
// rollups they and the liquidation totals fold into (kept for years). A resent sample changes nothing: the
// rollups move only when its row is new. Days backfilled from a venue's history endpoint are kept under metrics of
// their own ('oi.hist', 'funding.hist') so they never overwrite what whybot recorded itself; readers prefer the
// recorded row of a venue and day. Every method takes time as an argument.
import type { SqlRunner } from '../sql-runner.ts';

const DAY_MS = 86_400_000;

/** One venue's sampling round. */
export interface VenueSample {
  /** ccxt exchange id ("bybit"). */
  venue: string;
  /** Epoch ms of the round. */
  at: number;
  /** Open interest of the sampled perpetuals in USD. */
  oiUsd: number;
  /** Sum over the markets with a funding rate of (rate per 8 hours, as a fraction) x (their open interest in USD). */
  fundingSum: number;
  /** Open interest in USD of the markets with a funding rate (the weight of fundingSum). */
  fundingWeight: number;
  /** Markets in the sample. */
  markets: number;
}

/** The daily metrics kept for years ('oi.hist' and 'funding.hist' are backfilled from venues' history endpoints). */
export type DayMetric = 'oi.close' | 'oi.high' | 'funding' | 'liq.long' | 'liq.short' | 'oi.hist' | 'funding.hist';

/** One venue's day as its history endpoints give it (see src/gather/market-leverage/backfill.ts). */
export interface BackfilledDay {
  venue: string;
  /** Days since the epoch (UTC). */
  day: number;
  /** Open interest in USD at the day's close. */
  oiUsd: number;
  /** Sum of (the day's mean funding per 8 hours) x (open interest in USD) over the markets with a rate. */
  fundingSum: number;
  /** Open interest in USD of those markets (0: no funding that day). */
  fundingWeight: number;
  /** When the close was observed (epoch ms). */
  at: number;
}

/** One daily rollup: `day` in days since the epoch (UTC); funding's value is a sum with its weight beside it. */
export interface DayRow {
  metric: DayMetric;
  venue: string;
  day: number;
  value: number;
  weight: number;
  /** When the value was observed (the last sample of a close, the time of a high). */
  at: number;
}

interface SampleRow {
  venue: string;
  at: number;
  oi_usd: number;
  funding_sum: number;
  funding_weight: number;
  markets: number;
}

// Upserts written with CASE (not MAX/GREATEST, which differ between the engines).
const UPSERT_CLOSE = `INSERT INTO market_days (metric, venue, day, value, weight, at) VALUES ($1, $2, $3, $4, 0, $5)
  ON CONFLICT (metric, venue, day) DO UPDATE SET
    value = CASE WHEN excluded.at >= market_days.at THEN excluded.value ELSE market_days.value END,
    at = CASE WHEN excluded.at >= market_days.at THEN excluded.at ELSE market_days.at END`;
const UPSERT_HIGH = `INSERT INTO market_days (metric, venue, day, value, weight, at) VALUES ($1, $2, $3, $4, 0, $5)
  ON CONFLICT (metric, venue, day) DO UPDATE SET
    at = CASE WHEN excluded.value > market_days.value THEN excluded.at ELSE market_days.at END,
    value = CASE WHEN excluded.value > market_days.value THEN excluded.value ELSE market_days.value END`;
const UPSERT_SUM = `INSERT INTO market_days (metric, venue, day, value, weight, at) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (metric, venue, day) DO UPDATE SET
    value = market_days.value + excluded.value,
    weight = market_days.weight + excluded.weight,
    at = CASE WHEN excluded.at >= market_days.at THEN excluded.at ELSE market_days.at END`;
const UPSERT_SET = `INSERT INTO market_days (metric, venue, day, value, weight, at) VALUES ($1, $2, $3, $4, 0, $5)
  ON CONFLICT (metric, venue, day) DO UPDATE SET value = excluded.value, at = excluded.at`;
const UPSERT_BACKFILL = `INSERT INTO market_days (metric, venue, day, value, weight, at) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (metric, venue, day) DO UPDATE SET value = excluded.value, weight = excluded.weight, at = excluded.at`;

/** A venue's figures worth storing: open interest positive and finite, funding finite with a weight of 0 or more. */
function storable(r: Pick<VenueSample, 'venue' | 'oiUsd' | 'fundingSum' | 'fundingWeight'>): boolean {
  return (
    r.venue !== '' &&
    r.oiUsd > 0 &&
    Number.isFinite(r.oiUsd) &&
    Number.isFinite(r.fundingSum) &&
    r.fundingWeight >= 0 &&
    Number.isFinite(r.fundingWeight)
  );
}

/** Market history on SQLite or PostgreSQL. */
export class MarketHistoryStore {
  constructor(private readonly sql: SqlRunner) {}

  /** Store samples and fold each new one into its day's rollups; resolves to how many were new. */
  async record(samples: readonly VenueSample[]): Promise<number> {
    const ok = samples.filter((s) => storable(s) && Number.isFinite(s.at) && Number.isInteger(s.markets));
    if (ok.length === 0) return 0;
    return this.sql.transaction(async (tx) => {
      let added = 0;
      for (const s of ok) {
        const { rowCount } = await tx.query(
          `INSERT INTO market_samples (venue, at, oi_usd, funding_sum, funding_weight, markets)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (venue, at) DO NOTHING`,
          [s.venue, s.at, s.oiUsd, s.fundingSum, s.fundingWeight, s.markets],
        );
        if (rowCount === 0) continue;
        added += 1;
        const day = Math.floor(s.at / DAY_MS);
        await tx.query(UPSERT_CLOSE, ['oi.close', s.venue, day, s.oiUsd, s.at]);
        await tx.query(UPSERT_HIGH, ['oi.high', s.venue, day, s.oiUsd, s.at]);
        if (s.fundingWeight > 0)
          await tx.query(UPSERT_SUM, ['funding', s.venue, day, s.fundingSum, s.fundingWeight, s.at]);
      }
      return added;
    });
  }

  /** Set a venue's liquidated USD of one UTC day (from the liquidation store's daily totals; replaces). */
  async setLiquidationDay(venue: string, day: number, longsUsd: number, shortsUsd: number, at: number): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(UPSERT_SET, ['liq.long', venue, day, longsUsd, at]);
      await tx.query(UPSERT_SET, ['liq.short', venue, day, shortsUsd, at]);
    });
  }

  /** Store backfilled days (replacing earlier backfills of the same venue and day); resolves to how many were stored. */
  async backfill(rows: readonly BackfilledDay[]): Promise<number> {
    const ok = rows.filter((r) => storable(r) && Number.isInteger(r.day) && Number.isFinite(r.at));
    if (ok.length === 0) return 0;
    return this.sql.transaction(async (tx) => {
      for (const r of ok) {
        await tx.query(UPSERT_BACKFILL, ['oi.hist', r.venue, r.day, r.oiUsd, 0, r.at]);
        if (r.fundingWeight > 0)
          await tx.query(UPSERT_BACKFILL, ['funding.hist', r.venue, r.day, r.fundingSum, r.fundingWeight, r.at]);
      }
      return ok.length;
    });
  }

  /** The days of [fromDay, toDay] on which `venue` has an open-interest close, recorded or backfilled. */
  async daysWithOpenInterest(venue: string, fromDay: number, toDay: number): Promise<Set<number>> {
    const { rows } = await this.sql.query<{ day: number }>(
      `SELECT DISTINCT day FROM market_days WHERE venue = $1 AND metric IN ('oi.close', 'oi.hist') AND day >= $2 AND day <= $3`,
      [venue, fromDay, toDay],
    );
    return new Set(rows.map((r) => Number(r.day)));
  }

  /** Samples in [from, to], oldest first. */
  async samples(from: number, to: number): Promise<VenueSample[]> {
    const { rows } = await this.sql.query<SampleRow>(
      'SELECT venue, at, oi_usd, funding_sum, funding_weight, markets FROM market_samples WHERE at >= $1 AND at <= $2 ORDER BY at, venue',
      [from, to],
    );
    return rows.map((r) => ({
      venue: r.venue,
      at: Number(r.at),
      oiUsd: r.oi_usd,
      fundingSum: r.funding_sum,
      fundingWeight: r.funding_weight,
      markets: Number(r.markets),
    }));
  }

  /** Every daily rollup of days [fromDay, toDay], oldest first. */
  async days(fromDay: number, toDay: number): Promise<DayRow[]> {
    const { rows } = await this.sql.query<DayRow>(
      'SELECT metric, venue, day, value, weight, at FROM market_days WHERE day >= $1 AND day <= $2 ORDER BY day, metric, venue',
      [fromDay, toDay],
    );
    return rows.map((r) => ({ ...r, day: Number(r.day), at: Number(r.at) }));
  }

  /** Delete samples older than `retentionDays` before `now` (the daily rollups stay); resolves to how many. */
  async prune(now: number, retentionDays: number): Promise<number> {
    const { rowCount } = await this.sql.query('DELETE FROM market_samples WHERE at < $1', [
      now - retentionDays * DAY_MS,
    ]);
    return rowCount;
  }
}
