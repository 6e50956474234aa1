// Daily history is asked for in pages of 1000 days through the real ccxt against the exchange simulator, all pages
// at once, and kept: a later build asks only for the newest page. Then, over the longest real history shipped
// (the 2024 futures year, replayed through the same path), "the biggest one-day fall since", "the first close
// below since" and the analogue days equal what is recomputed here from the files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { startReplay, type Replay } from '../../src/app/replay.ts';
import { buildSnapshot } from '../../src/gather/build-snapshot.ts';
import { DailyHistoryCache, fetchDailyHistoryPart } from '../../src/gather/daily-history.ts';
import { createExchange } from '../../src/gather/exchange.ts';
import { loadMarkets } from '../../src/gather/exchange.ts';
import type { Candle } from '../../src/gather/types.ts';
import { MarketData } from '../../src/simulator/market-data.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let sim: Simulator | undefined;
let replay: Replay | undefined;
afterEach(async () => {
  await sim?.close();
  await replay?.close();
  sim = undefined;
  replay = undefined;
});

/** 2,600 days of daily candles from 2019-09-08 (a listing), each closing 0.1% above the last. */
function longHistory(): { data: MarketData; first: number; candles: Candle[] } {
  const first = Date.UTC(2019, 8, 8);
  const candles: Candle[] = [];
  let price = 10_000;
  for (let i = 0; i < 2600; i++) {
    const o = price;
    price *= 1.001;
    candles.push({ t: first + i * DAY, o, h: price * 1.01, l: o * 0.99, c: price, v: 1 });
  }
  const data = new MarketData();
  data.addCandles('BTCUSDT', DAY, candles);
  return { data, first, candles };
}

async function context(now: number) {
  const exchange = createExchange('binanceusdm', { baseUrl: sim!.url, timeoutMs: 2_000 });
  await loadMarkets(exchange);
  return {
    exchange,
    exchangeName: 'Binance USD-M',
    symbols: { BTC: 'BTC/USDT:USDT' },
    now,
    retry: { retries: 0, minTimeoutMs: 10 },
    allTickers: () => exchange.fetchTickers(),
  };
}

describe('GIVEN an exchange with 2,600 days of daily candles (listed September 2019)', () => {
  it('WHEN fetched cold THEN every closed day back to the listing comes in three pages (the two older ones at once); warm, one page', async () => {
    const { data, first, candles } = longHistory();
    const now = first + 2600 * DAY + 5 * HOUR; // the last candle closed 5 hours ago
    sim = await startSimulator({ data, now: () => now });
    const ctx = await context(now);
    const cache = new DailyHistoryCache();
    const before = sim.calls.length;
    const cold = await fetchDailyHistoryPart(ctx, 'BTC', cache);
    if (!cold.ok) throw new Error(cold.reason);
    expect(cold.value).toHaveLength(2600);
    expect(cold.value[0]!.t).toBe(first);
    expect(cold.value.at(-1)!.c).toBeCloseTo(candles.at(-1)!.c, 6);
    expect(cold.coverage!.gaps).toEqual([]);
    const klines = sim.calls.slice(before).filter((c) => c.path === '/fapi/v1/klines');
    expect(klines).toHaveLength(3);
    for (const k of klines) expect(Number(new URLSearchParams(k.query).get('limit'))).toBeLessThanOrEqual(1000);

    // An hour later: only the newest page is asked for, and the history is the same.
    const later = await context(now + HOUR);
    const mark = sim.calls.length;
    const warm = await fetchDailyHistoryPart(later, 'BTC', cache);
    if (!warm.ok) throw new Error(warm.reason);
    expect(sim.calls.slice(mark).filter((c) => c.path === '/fapi/v1/klines')).toHaveLength(1);
    expect(warm.value).toEqual(cold.value);
  });

  it('WHEN an older page fails THEN the part is missing with the reason, and nothing partial is kept', async () => {
    const { data, first } = longHistory();
    const now = first + 2600 * DAY;
    sim = await startSimulator({ data, now: () => now });
    const ctx = await context(now);
    sim.faults.add({ path: '/fapi/v1/klines', kind: 'server-error' });
    const cache = new DailyHistoryCache();
    const part = await fetchDailyHistoryPart(ctx, 'BTC', cache);
    expect(part.ok).toBe(false);
    expect(cache.covering('binanceusdm|BTC/USDT:USDT', now - 3000 * DAY, now - 1000 * DAY)).toBeUndefined();
  });
});

const DIR = 'examples/binance/futures/um';
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.csv'))
  .map((f) => join(DIR, f));
/** UTC days from the files' hourly rows, read here: open time, open, high, low, close. */
const days = (() => {
  const rows = FILES.flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1))
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').map(Number))
    .sort((a, b) => a[0]! - b[0]!);
  const byDay = new Map<number, number[][]>();
  for (const r of rows) {
    const d = Math.floor(r[0]! / DAY) * DAY;
    byDay.set(d, [...(byDay.get(d) ?? []), r]);
  }
  return [...byDay.entries()].map(([t, rs]) => ({
    t,
    h: Math.max(...rs.map((r) => r[2]!)),
    l: Math.min(...rs.map((r) => r[3]!)),
    c: rs.at(-1)![4]!,
  }));
})();
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('GIVEN the whole 2024 futures year replayed, at 06:00 UTC on 5 July 2024 (a 7% fall)', () => {
  it('THEN the biggest fall since, the first close below since and the analogues are those of the files', async () => {
    const at = Date.UTC(2024, 6, 5, 6);
    replay = await startReplay(FILES, at);
    const snapshot = await buildSnapshot({
      exchange: createExchange('binanceusdm', { baseUrl: replay.simulator.url, timeoutMs: 5_000 }),
      coins: ['BTC'],
      quote: 'USDT',
      now: at,
      replay: replay.info,
      dailyCache: new DailyHistoryCache(),
    });
    const daily = snapshot.daily.BTC!;
    if (!daily.ok) throw new Error(daily.reason);
    expect(daily.value).toHaveLength(186); // 1 January to 4 July 2024: every closed day of the files
    const facts = analyseMarket(snapshot, { maxAgeMs: { ticker: DAY, hourly: DAY, daily: 2 * DAY } });
    const change = facts.focus.change24h!.value;
    expect(change).toBeLessThan(-5);

    // The last UTC day closed before the 24 hours began with a close-to-close fall at least as big.
    const closed = days.filter((d) => d.t + DAY <= at - DAY);
    let bigger: (typeof days)[number] | undefined;
    for (let i = closed.length - 1; i > 0 && !bigger; i--)
      if ((closed[i]!.c / closed[i - 1]!.c - 1) * 100 <= change) bigger = closed[i];
    expect(iso(bigger!.t)).toBe('2024-03-19');
    expect(iso(facts.history!.biggest!.since!.value)).toBe(iso(bigger!.t));

    // The 4 July close was the first below $60,000 since the last earlier close below it.
    const closes = days.filter((d) => d.t + DAY <= at);
    expect(closes.at(-1)!.c).toBeLessThan(60_000);
    expect(closes.at(-2)!.c).toBeGreaterThanOrEqual(60_000);
    const lastBelow = closes
      .slice(0, -2)
      .filter((d) => d.c < 60_000)
      .at(-1)!;
    expect(facts.history!.closeCross).toMatchObject({ side: 'below', level: { value: 60_000 } });
    expect(iso(facts.history!.closeCross!.since!.value)).toBe(iso(lastBelow.t));

    // Analogues: falling days before the last two weeks, nearest by the fall and (half-weighted) by the low
    // reached from the previous close; one per week; what the closes did one and seven days later.
    const price = facts.focus.price!.value;
    const ref = price / (1 + change / 100);
    const reachNow = (facts.dayRange!.low.value / ref - 1) * 100;
    const ranked = days
      .map((d, i) => ({ d, prev: days[i - 1] }))
      .filter(({ d, prev }) => prev && d.t - prev.t === DAY && d.t + DAY <= at - 14 * DAY && d.c < prev.c)
      .map(({ d, prev }) => {
        const move = (d.c / prev!.c - 1) * 100;
        const reach = (d.l / prev!.c - 1) * 100;
        return { d, distance: Math.hypot(move - change, (reach - reachNow) / 2) };
      })
      .sort((a, b) => a.distance - b.distance);
    const picked: typeof ranked = [];
    for (const r of ranked)
      if (picked.length < 3 && !picked.some((p) => Math.abs(p.d.t - r.d.t) < 7 * DAY)) picked.push(r);
    const want = picked.map((p) => p.d.t).sort((a, b) => b - a);
    const got = facts.history!.analogues!.days;
    expect(got.map((a) => iso(a.day.value))).toEqual(want.map(iso));
    expect(got.map((a) => iso(a.day.value))).toEqual(['2024-04-02', '2024-03-19', '2024-01-12']);
    for (const a of got) {
      const i = days.findIndex((d) => d.t === a.day.value);
      expect(a.after1!.value).toBeCloseTo((days[i + 1]!.c / days[i]!.c - 1) * 100, 9);
      expect(a.after7!.value).toBeCloseTo((days[i + 7]!.c / days[i]!.c - 1) * 100, 9);
    }
  });
});
