// One contract for the liquidation store on both engines: SQLite always, PostgreSQL when DATABASE_URL_TEST is
// set (each run in a schema of its own). Random events (some resent) give the same totals, largest, daily and
// hourly sums as a plain loop over the distinct events; a second connection (another process) sees them and
// does not count a resend again; sessions, coverage, the lease and retention behave the same.
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/store/open-storage.ts';
import { DAY_MS, MINUTE_MS, type LiquidationEvent } from '../../src/store/liquidations/types.ts';
import { PG_URL, postgresEngine, sqliteEngine, type Engine } from './engines.ts';

const T0 = Date.UTC(2026, 1, 1, 22, 17, 31);
const SERIES = [
  { exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', coin: 'BTC' },
  { exchange: 'bybit', symbol: 'BTC/USDT:USDT', coin: 'BTC' },
  { exchange: 'okx', symbol: 'ETH/USDT:USDT', coin: 'ETH' },
] as const;

function randomEvents(n: number, seed: number): LiquidationEvent[] {
  let x = seed;
  const rand = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => {
    const s = SERIES[Math.floor(rand() * SERIES.length)]!;
    const price = Math.round(1000 + rand() * 70_000) / 10;
    const amount = Math.round(1 + rand() * 5000) / 1000;
    return {
      ...s,
      side: rand() < 0.6 ? 'long' : 'short',
      amount,
      price,
      usd: amount * price,
      at: T0 + Math.floor(rand() * 3 * DAY_MS),
    };
  });
}

const key = (e: LiquidationEvent) => `${e.exchange}|${e.symbol}|${e.side}|${e.at}|${e.amount}|${e.price}`;

function contract(engine: Engine) {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  async function fresh(): Promise<{ storage: Storage; again: () => Promise<Storage> }> {
    const place = engine.place();
    cleanups.push(place.cleanup);
    const storage = await place.open();
    cleanups.push(() => storage.close());
    return {
      storage,
      again: async () => {
        const s = await place.open();
        cleanups.push(() => s.close());
        return s;
      },
    };
  }

  it(`${engine.name}: sums, largest, daily and hourly equal a loop over the distinct events; resends count once`, async () => {
    const { storage, again } = await fresh();
    const repo = storage.liquidations;
    expect(storage.engine).toBe(engine.name);
    const events = randomEvents(400, 3);
    const sent = [...events, ...events.filter((_, i) => i % 7 === 0)];
    let stored = 0;
    for (let i = 0; i < sent.length; i += 90) stored += (await repo.write(sent.slice(i, i + 90))).stored;
    expect(stored).toBe(400);
    // a second connection (another process) recognises the same events
    const other = await again();
    expect(await other.liquidations.write(events.slice(0, 50))).toMatchObject({ stored: 0, duplicates: 50 });
    const distinct = [...new Map(events.map((e) => [key(e), e])).values()];
    const base = Math.floor(T0 / MINUTE_MS);
    for (const [a, len] of [
      [0, 4400],
      [-60, 30],
      [100, 1440],
      [1500, 2000],
      [4300, 200],
    ] as const) {
      const [start, end] = [base + a, base + a + len];
      const inRange = distinct.filter(
        (e) => Math.floor(e.at / MINUTE_MS) >= start && Math.floor(e.at / MINUTE_MS) <= end,
      );
      const want = new Map<string, { count: number; cents: number }>();
      for (const e of inRange) {
        const t = want.get(`${e.exchange}|${e.symbol}|${e.side}`) ?? { count: 0, cents: 0 };
        t.count += 1;
        t.cents += Math.round(e.usd * 100);
        want.set(`${e.exchange}|${e.symbol}|${e.side}`, t);
      }
      const got = await other.liquidations.totals(start, end);
      expect(
        new Map(got.map((t) => [`${t.exchange}|${t.symbol}|${t.side}`, { count: t.count, cents: t.cents }])),
      ).toEqual(want);
      const largest = await repo.largest(start, end);
      expect(largest?.cents).toBe(
        inRange.length ? Math.max(...inRange.map((e) => Math.round(e.usd * 100))) : undefined,
      );
    }
    const daily = await repo.daily(T0, T0 + 3 * DAY_MS);
    expect(daily.reduce((n, d) => n + d.count, 0)).toBe(distinct.length);
    expect(daily.reduce((n, d) => n + d.cents, 0)).toBe(distinct.reduce((n, e) => n + Math.round(e.usd * 100), 0));
    const hours = await repo.hourly('ETH', base, base + 3 * 1440);
    const eth = distinct.filter((e) => e.coin === 'ETH');
    expect(hours.reduce((n, h) => n + h.count, 0)).toBe(eth.length);
    const firstHour = Math.floor(Math.min(...eth.map((e) => e.at)) / 3_600_000) * 3_600_000;
    expect(hours[0]).toMatchObject({
      hour: firstHour,
      count: eth.filter((e) => e.at < firstHour + 3_600_000 && e.side === hours[0]!.side).length,
    });
  });

  it(`${engine.name}: recorded() gives back each distinct event in the span once, oldest first (for export)`, async () => {
    const { storage } = await fresh();
    const repo = storage.liquidations;
    const events = randomEvents(300, 5);
    await repo.write(events);
    await repo.write(events.slice(0, 40)); // resent
    const from = T0 + DAY_MS;
    const to = T0 + 2 * DAY_MS;
    const got = await repo.recorded(from, to);
    const want = [...new Map(events.filter((e) => e.at >= from && e.at < to).map((e) => [key(e), e])).values()];
    expect(got.map(key).sort()).toEqual(want.map(key).sort());
    expect(got.map((e) => e.at)).toEqual([...got.map((e) => e.at)].sort((a, b) => a - b));
    for (const e of got) expect(e.usd).toBeCloseTo(e.amount * e.price, 6);
  });

  it(`${engine.name}: sessions, coverage and gaps; abandoned sessions close at their last heartbeat`, async () => {
    const { storage } = await fresh();
    const s = storage.liquidations.sessions;
    const H = 3_600_000;
    const a = await s.open('okx', T0);
    await s.touch(a, T0 + H);
    await s.close(a, T0 + 2 * H, 'disconnected');
    const b = await s.open('okx', T0 + 3 * H);
    await s.touch(b, T0 + 4 * H);
    expect(await s.closeAbandoned('okx')).toBe(1);
    const cov = await storage.liquidations.coverage(T0, T0 + 6 * H, T0 + 6 * H);
    expect(cov).toMatchObject({ exchanges: ['okx'], collectingSince: T0 });
    expect(cov.collectedShare).toBeCloseTo(3 / 6);
    expect(cov.sessions.map((x) => [x.start, x.end, x.endReason])).toEqual([
      [T0, T0 + 2 * H, 'disconnected'],
      [T0 + 3 * H, T0 + 4 * H, 'abandoned'],
    ]);
    expect(await storage.liquidations.gaps('okx', T0, T0 + 6 * H, T0 + 6 * H)).toEqual([
      { exchange: 'okx', from: T0 + 2 * H, to: T0 + 3 * H },
      { exchange: 'okx', from: T0 + 4 * H, to: T0 + 6 * H },
    ]);
  });

  it(`${engine.name}: one lease holder at a time, taken when it runs out or its holder is dead, released by its holder only`, async () => {
    const { storage, again } = await fresh();
    const s = storage.liquidations.sessions;
    const other = (await again()).liquidations.sessions;
    expect(await s.acquireLease('a', T0, 5000)).toBe(true);
    expect(await other.acquireLease('b', T0 + 1000, 5000)).toBe(false);
    expect(await s.acquireLease('a', T0 + 2000, 5000)).toBe(true);
    expect(await other.acquireLease('b', T0 + 6999, 5000)).toBe(false);
    expect(await other.acquireLease('b', T0 + 7000, 5000)).toBe(true);
    expect(await s.acquireLease('c', T0 + 7001, 5000, (holder) => holder === 'b')).toBe(true);
    await s.releaseLease('b');
    expect(await other.lease()).toEqual({ owner: 'c', expiresAt: T0 + 12_001 });
    await s.releaseLease('c');
    expect(await other.lease()).toBeUndefined();
    // two contenders at the same moment: exactly one wins
    const results = await Promise.all([
      s.acquireLease('x', T0 + 20_000, 5000),
      other.acquireLease('y', T0 + 20_000, 5000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it(`${engine.name}: retention removes buckets, event keys, days and ended sessions older than the cut-off`, async () => {
    const { storage } = await fresh();
    const repo = storage.liquidations;
    const now = T0 + 40 * DAY_MS;
    const old = { ...SERIES[0], side: 'long' as const, amount: 1, price: 100, usd: 100, at: T0 };
    const recent = { ...old, at: now - DAY_MS };
    await repo.write([old, recent]);
    const sess = await repo.sessions.open('okx', T0);
    await repo.sessions.close(sess, T0 + 1000, 'stopped');
    expect(await repo.prune(now, 35)).toEqual({ buckets: 1, events: 1, tops: 3, days: 1, sessions: 1 });
    expect(await repo.prune(now, 35)).toEqual({ buckets: 0, events: 0, tops: 0, days: 0, sessions: 0 });
    const all = await repo.totals(0, Math.floor(Number.MAX_SAFE_INTEGER / MINUTE_MS));
    expect(all.map((t) => t.count)).toEqual([1]);
    expect((await repo.write([recent])).stored).toBe(0); // its key is kept
  });
}

describe('liquidation store contract on SQLite', () => contract(sqliteEngine));
describe.skipIf(!PG_URL)(
  `liquidation store contract on PostgreSQL${PG_URL ? '' : ' (skipped: DATABASE_URL_TEST is not set)'}`,
  () => contract(postgresEngine),
);
