// Liquidation store benchmark: ingest throughput into SQLite (event keys + batching + bucket writes) over every
// venue collected, the
// time of a 30-day aggregate over a full 30 days of per-minute buckets for 20 symbols x 3 exchanges x
// 2 sides, peak RSS with those buckets loaded, and (for information) events/s through the real ccxt
// websocket code from the simulator, all venues at once. Run alone with `npx tsx bench/liquidations.ts`.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LiquidationBatcher } from '../src/gather/liquidations/batcher.ts';
import { startCollectors } from '../src/gather/liquidations/collectors.ts';
import { LIQUIDATION_EXCHANGES } from '../src/gather/liquidations/exchanges.ts';
import { SIMULATED_EXCHANGES } from '../src/simulator/liquidations/markets.ts';
import { liquidationWindow } from '../src/gather/liquidations/summary.ts';
import type { SimLiquidation } from '../src/simulator/liquidations/frames.ts';
import { startLiquidationSimulator } from '../src/simulator/liquidations/server.ts';
import { SqliteLiquidationRepo } from '../src/store/liquidations/repo.ts';
import { LiquidationStore } from '../src/store/liquidations/store.ts';
import { DAY_MS, MINUTE_MS, type LiquidationEvent } from '../src/store/liquidations/types.ts';

const EXCHANGES = ['binanceusdm', 'bybit', 'okx'];
/** Ingest runs over every venue whybot collects, so a new venue's series count in its cost. */
const INGEST_VENUES: readonly string[] = LIQUIDATION_EXCHANGES;
const COINS = [
  'BTC',
  'ETH',
  'BNB',
  'SOL',
  'XRP',
  'DOGE',
  'ADA',
  'AVAX',
  'LINK',
  'DOT',
  'TRX',
  'LTC',
  'BCH',
  'NEAR',
  'APT',
  'ARB',
  'OP',
  'SUI',
  'TON',
  'PEPE',
];
const NOW = Date.UTC(2026, 1, 6, 12, 0, 0);

function lcg(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

/** Events/s through the batcher and the bucket writer (event key check included) into a SQLite file, all venues. */
export async function benchIngest(dir: string, n = 400_000): Promise<number> {
  const rand = lcg(7);
  const events: LiquidationEvent[] = new Array(n);
  const start = NOW - DAY_MS;
  for (let i = 0; i < n; i++) {
    const coin = COINS[Math.floor(rand() * COINS.length)]!;
    const price = 100 + rand() * 50_000;
    const amount = 0.001 + rand() * 3;
    events[i] = {
      exchange: INGEST_VENUES[i % INGEST_VENUES.length]!,
      symbol: `${coin}/USDT:USDT`,
      coin,
      side: rand() < 0.6 ? 'long' : 'short',
      amount,
      price,
      usd: amount * price,
      at: start + i * 3, // a cascade: ~333 events per second of exchange time, 20 minutes
    };
  }
  const store = LiquidationStore.open(join(dir, 'ingest.sqlite'));
  const batcher = new LiquidationBatcher(new SqliteLiquidationRepo(store), { flushMs: 60_000, maxBatch: 5000 });
  const t0 = performance.now();
  const chunk: LiquidationEvent[] = [];
  for (const e of events) {
    chunk.push(e);
    if (chunk.length === 100) {
      batcher.add(chunk);
      chunk.length = 0;
    }
  }
  batcher.add(chunk);
  await batcher.close();
  const seconds = (performance.now() - t0) / 1000;
  const stored = store.totals(0, Number.MAX_SAFE_INTEGER).reduce((s, t) => s + t.count, 0);
  store.close();
  if (stored !== n) throw new Error(`ingest bench stored ${stored} of ${n} events`);
  return n / seconds;
}

/** Fill a file with a bucket for every minute of 30 days for every (exchange, symbol, side). */
function buildMonth(path: string): { rows: number; buildSeconds: number } {
  const t0 = performance.now();
  const store = LiquidationStore.open(path);
  const db = store.db;
  const endMinute = Math.floor(NOW / MINUTE_MS);
  const startMinute = endMinute - 30 * 1440 - 60;
  const insertSeries = db.prepare('INSERT INTO liq_series (exchange, symbol, coin, side) VALUES (?, ?, ?, ?)');
  const fill = db.prepare(`
    INSERT INTO liq_minutes (series, minute, count, cents, cum_count, cum_cents)
    SELECT @series, minute, c, u, SUM(c) OVER (ORDER BY minute), SUM(u) OVER (ORDER BY minute)
      FROM (WITH RECURSIVE m(minute) AS (SELECT @start UNION ALL SELECT minute + 1 FROM m WHERE minute < @end)
            SELECT minute, 1 + abs(random()) % 5 AS c, 10000 + abs(random()) % 50000000 AS u FROM m)`);
  const setSeries = db.prepare(`
    UPDATE liq_series SET (last_minute, cum_count, cum_cents) =
      (SELECT minute, cum_count, cum_cents FROM liq_minutes WHERE series = @series ORDER BY minute DESC LIMIT 1)
     WHERE id = @series`);
  const tops = db.prepare(`
    INSERT INTO liq_top (scale, period, series, cents, at)
    SELECT @scale, minute, 1 + abs(random()) % @series, 10000000 + abs(random()) % 900000000, minute * 60000 + 1234
      FROM (WITH RECURSIVE m(minute) AS (SELECT @start UNION ALL SELECT minute + @scale FROM m WHERE minute + @scale <= @end) SELECT minute FROM m)`);
  let series = 0;
  db.transaction(() => {
    for (const exchange of EXCHANGES) {
      for (const coin of COINS) {
        for (const side of ['long', 'short']) {
          const id = Number(insertSeries.run(exchange, `${coin}/USDT:USDT`, coin, side).lastInsertRowid);
          fill.run({ series: id, start: startMinute, end: endMinute });
          setSeries.run({ series: id });
          series += 1;
        }
      }
    }
    for (const scale of [1, 60, 1440]) {
      const alignedStart = Math.floor(startMinute / scale) * scale;
      tops.run({ scale, series, start: alignedStart, end: endMinute });
    }
  })();
  const s = store.sessions.open('binanceusdm', startMinute * MINUTE_MS);
  store.sessions.touch(s, NOW);
  const rows = db.prepare('SELECT COUNT(*) FROM liq_minutes').pluck().get() as number;
  store.close();
  return { rows, buildSeconds: (performance.now() - t0) / 1000 };
}

/** Timings (ms) of the 30-day aggregate over the full month. */
async function benchAggregate(path: string, runs = 300) {
  const store = LiquidationStore.open(path);
  const endMinute = Math.floor(NOW / MINUTE_MS);
  const startMinute = Math.ceil((NOW - 30 * DAY_MS) / MINUTE_MS);
  const repo = new SqliteLiquidationRepo(store);
  for (let i = 0; i < 20; i++) await liquidationWindow(repo, '30d', NOW - i * 61_000);
  const totalsMs: number[] = [];
  const windowMs: number[] = [];
  let check = 0;
  for (let i = 0; i < runs; i++) {
    const at = NOW - (i % 50) * 61_000; // slide the window so no answer is cached by SQLite
    let t = performance.now();
    check += store.totals(startMinute - (i % 50), endMinute - (i % 50)).length;
    totalsMs.push(performance.now() - t);
    t = performance.now();
    const w = await liquidationWindow(repo, '30d', at);
    windowMs.push(performance.now() - t);
    if (!w || w.count <= 0) throw new Error('aggregate bench found nothing');
  }
  store.close();
  if (check !== runs * EXCHANGES.length * COINS.length * 2) throw new Error('aggregate bench missed series');
  return {
    totalsMedianMs: median(totalsMs),
    windowMedianMs: median(windowMs),
    windowP95Ms: percentile(windowMs, 0.95),
  };
}

/** Events/s from every venue's simulated frames through ccxt's websocket parsing, normalisation and the store. */
export async function benchPipeline(dir: string, n = 20_000): Promise<number> {
  const coins = COINS.slice(0, 5);
  const sim = await startLiquidationSimulator({ coins });
  const store = LiquidationStore.open(join(dir, 'pipeline.sqlite'));
  const collectors = startCollectors({
    exchanges: SIMULATED_EXCHANGES,
    coins,
    store: new SqliteLiquidationRepo(store),
    urls: sim.urls(),
    tuning: { flushMs: 50 },
  });
  const counted = () => collectors.status().reduce((sum, s) => sum + s.events, 0);
  try {
    for (const ex of SIMULATED_EXCHANGES)
      await sim.waitForSubscriptions(ex, ex === 'bybit' || ex === 'dydx' || ex === 'htx' ? coins.length : 1);
    const base = Date.now();
    const events: SimLiquidation[] = [];
    for (let i = 0; i < n; i++)
      events.push({
        exchange: SIMULATED_EXCHANGES[i % SIMULATED_EXCHANGES.length]!,
        coin: COINS[i % 5]!,
        side: i % 3 ? 'long' : 'short',
        amount: 1 + (i % 10),
        price: 1000 + i,
        at: base + i,
      });
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1000) {
      sim.push(events.slice(i, i + 1000));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const deadline = Date.now() + 60_000;
    while (counted() < n) {
      if (Date.now() > deadline) throw new Error(`pipeline bench counted ${counted()} of ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await collectors.flush();
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await collectors.stop();
    store.close();
    await sim.close();
  }
}

/** Run every liquidation benchmark and print the results; returns them by name. */
export async function benchLiquidations(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'whybot-bench-liq-'));
  try {
    // the month first, so the peak RSS it reports is that of building and querying the full month
    const monthPath = join(dir, 'month.sqlite');
    const month = buildMonth(monthPath);
    const agg = await benchAggregate(monthPath);
    const monthPeakRss = process.resourceUsage().maxRSS;
    const ingest = await benchIngest(dir);
    const pipeline = await benchPipeline(dir);
    const results: Record<string, number> = {
      'liq.ingest_events_per_s': Math.round(ingest),
      'liq.ingest_venues': INGEST_VENUES.length,
      'liq.month_bucket_rows': month.rows,
      'liq.month_db_mb': Math.round(statSync(monthPath).size / 1e5) / 10,
      'liq.aggregate_30d_totals_median_ms': Math.round(agg.totalsMedianMs * 1000) / 1000,
      'liq.aggregate_30d_window_median_ms': Math.round(agg.windowMedianMs * 1000) / 1000,
      'liq.aggregate_30d_window_p95_ms': Math.round(agg.windowP95Ms * 1000) / 1000,
      'liq.ccxt_pipeline_events_per_s': Math.round(pipeline),
      'liq.month_peak_rss_mb': Math.round(monthPeakRss / 1024),
      'liq.peak_rss_mb': Math.round(process.resourceUsage().maxRSS / 1024),
    };
    console.log(
      `liquidations (targets: ingest >= 50000 events/s over all ${INGEST_VENUES.length.toString()} venues: ${INGEST_VENUES.join(', ')}; 30-day aggregate <= 2 ms)`,
    );
    for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(38)} ${v}`);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchLiquidations();
}
