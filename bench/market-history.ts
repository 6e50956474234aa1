// Market history benchmark (issue 21, point 8): the 30-day liquidation aggregate (`liquidationWindow`, what every
// /why reads) over about 1,300 series (217 coins x 3 venues x 2 sides, a bucket every 30 minutes of each series for
// 30 days), and the size of the long-term rollups after a simulated year of open-interest and funding rounds (every
// venue whybot samples by default, and a backfilled day beside each on the venues with history; hourly for the older
// days, whose samples are pruned anyway, and every 5 minutes, as the recorder does, for the 35 days of detail kept)
// and liquidation days, once the detailed samples past the 35-day retention are pruned. Data generated here; nothing of it ships.
// Run alone: npx tsx bench/market-history.ts
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liquidationWindow } from '../src/gather/liquidations/summary.ts';
import { openDatabase } from '../src/store/database.ts';
import { SqliteLiquidationRepo } from '../src/store/liquidations/repo.ts';
import { LiquidationStore } from '../src/store/liquidations/store.ts';
import { DAY_MS, MINUTE_MS } from '../src/store/liquidations/types.ts';
import { BACKFILL_VENUES } from '../src/gather/market-leverage/backfill.ts';
import { LEVERAGE_VENUES } from '../src/gather/market-leverage/sample.ts';
import { MarketHistoryStore, type VenueSample } from '../src/store/market-history/store.ts';
import { sqliteRunner } from '../src/store/sql-runner.ts';
import { isMain, reportSection, type SectionResults } from './section.ts';

const VENUES = ['binanceusdm', 'bybit', 'okx'];
const COINS = Array.from({ length: 217 }, (_, i) => `C${String(i).padStart(3, '0')}`);
const NOW = Date.UTC(2026, 1, 6, 12, 0, 0);
const STEP_MINUTES = 30;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

/** Fill a liquidation store with ~1,300 series of sparse buckets over 30 days; returns series and rows. */
function buildSeries(path: string): { series: number; rows: number } {
  const store = LiquidationStore.open(path);
  const db = store.db;
  const endMinute = Math.floor(NOW / MINUTE_MS);
  const startMinute = endMinute - 30 * 1440 - 60;
  const insertSeries = db.prepare('INSERT INTO liq_series (exchange, symbol, coin, side) VALUES (?, ?, ?, ?)');
  const fill = db.prepare(`
    INSERT INTO liq_minutes (series, minute, count, cents, cum_count, cum_cents)
    SELECT @series, minute, c, u, SUM(c) OVER (ORDER BY minute), SUM(u) OVER (ORDER BY minute)
      FROM (WITH RECURSIVE m(minute) AS (SELECT @start UNION ALL SELECT minute + ${STEP_MINUTES} FROM m WHERE minute + ${STEP_MINUTES} <= @end)
            SELECT minute, 1 + abs(random()) % 5 AS c, 10000 + abs(random()) % 50000000 AS u FROM m)`);
  const setSeries = db.prepare(`
    UPDATE liq_series SET (last_minute, cum_count, cum_cents) =
      (SELECT minute, cum_count, cum_cents FROM liq_minutes WHERE series = @series ORDER BY minute DESC LIMIT 1)
     WHERE id = @series`);
  let series = 0;
  db.transaction(() => {
    for (const exchange of VENUES)
      for (const coin of COINS)
        for (const side of ['long', 'short']) {
          const id = Number(insertSeries.run(exchange, `${coin}/USDT:USDT`, coin, side).lastInsertRowid);
          fill.run({ series: id, start: startMinute, end: endMinute });
          setSeries.run({ series: id });
          series += 1;
        }
  })();
  const s = store.sessions.open('binanceusdm', startMinute * MINUTE_MS);
  store.sessions.touch(s, NOW);
  const rows = db.prepare('SELECT COUNT(*) FROM liq_minutes').pluck().get() as number;
  store.close();
  return { series, rows };
}

/** Median and p95 (ms) of the 30-day aggregate. */
async function timeAggregate(path: string, runs = 200): Promise<{ median: number; p95: number }> {
  const repo = new SqliteLiquidationRepo(LiquidationStore.open(path));
  for (let i = 0; i < 10; i++) await liquidationWindow(repo, '30d', NOW - i * 61_000);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const w = await liquidationWindow(repo, '30d', NOW - (i % 50) * 61_000);
    ms.push(performance.now() - t);
    if (!w || w.count <= 0) throw new Error('aggregate bench found nothing');
  }
  await repo.close();
  return { median: median(ms), p95: p95(ms) };
}

/**
 * A simulated year of rounds and liquidation days: the file's size once pruned to the retention and vacuumed (the
 * rollups and the detail kept), then with every sample pruned (the rollups alone: what grows year after year).
 */
async function rollupYear(
  path: string,
): Promise<{ bytes: number; rollupBytes: number; rows: number; samples: number }> {
  const db = openDatabase(path);
  const store = new MarketHistoryStore(sqliteRunner(db));
  const start = NOW - 365 * DAY_MS;
  for (let d = 0; d < 365; d++) {
    const batch: VenueSample[] = [];
    // the recorder's 5-minute rounds where the detail is kept; hourly before (pruned, and the rollups are daily)
    const stepMs = d >= 365 - 36 ? 5 * MINUTE_MS : 3_600_000;
    for (let t = 0; t < DAY_MS; t += stepMs)
      for (const venue of LEVERAGE_VENUES) {
        const oiUsd = 20e9 + Math.sin(d / 30 + t / 3_600_000) * 2e9;
        batch.push({
          venue,
          at: start + d * DAY_MS + t,
          oiUsd,
          fundingSum: 0.0001 * oiUsd,
          fundingWeight: oiUsd,
          markets: 5,
        });
      }
    await store.record(batch);
    const day = Math.floor((start + d * DAY_MS) / DAY_MS);
    await store.setLiquidationDay('*', day, 300e6 + d * 1e5, 100e6, start + d * DAY_MS);
    // the most a backfill can add: a backfilled day beside every recorded one, on every venue with history
    await store.backfill(
      Object.keys(BACKFILL_VENUES).map((venue) => ({
        venue,
        day,
        oiUsd: 20e9,
        fundingSum: 0.0001 * 20e9,
        fundingWeight: 20e9,
        at: (day + 1) * DAY_MS,
      })),
    );
  }
  await store.prune(NOW, 35);
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const rows = db.prepare('SELECT COUNT(*) FROM market_days').pluck().get() as number;
  const samples = db.prepare('SELECT COUNT(*) FROM market_samples').pluck().get() as number;
  const bytes = statSync(path).size;
  await store.prune(NOW + 365 * DAY_MS, 0);
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { bytes, rollupBytes: statSync(path).size, rows, samples };
}

/** Run the market-history benchmark. */
export async function benchMarketHistory(): Promise<SectionResults> {
  const dir = mkdtempSync(join(tmpdir(), 'whybot-bench-market-'));
  try {
    const t0 = performance.now();
    const built = buildSeries(join(dir, 'liq.sqlite'));
    const buildSeconds = (performance.now() - t0) / 1000;
    const agg = await timeAggregate(join(dir, 'liq.sqlite'));
    const year = await rollupYear(join(dir, 'history.sqlite'));
    return {
      'market.aggregate_series': built.series,
      'market.aggregate_bucket_rows': built.rows,
      'market.aggregate_build_s': Math.round(buildSeconds * 10) / 10,
      'market.aggregate_30d_median_ms': Math.round(agg.median * 100) / 100,
      'market.aggregate_30d_p95_ms': Math.round(agg.p95 * 100) / 100,
      'market.rollup_rows_per_year': year.rows,
      'market.rollup_db_kb_per_year': Math.round(year.rollupBytes / 1024),
      'market.detail_samples_kept': year.samples,
      'market.db_kb_with_detail': Math.round(year.bytes / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await reportSection(benchMarketHistory);
