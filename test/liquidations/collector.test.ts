// The collectors end to end through the real ccxt websocket code against the local simulator:
// frames in -> buckets -> aggregates equal to what was sent; disconnect -> reconnect without double
// counting and with the gap recorded; restart without loss; retention; malformed frames; silent streams.
import { afterEach, describe, expect, it } from 'vitest';
import {
  startCollectors,
  type Collectors,
  type StartCollectorsOptions,
} from '../../src/gather/liquidations/collectors.ts';
import { LIQUIDATION_WINDOWS, summariseLiquidations } from '../../src/gather/liquidations/summary.ts';
import type { SimLiquidation } from '../../src/simulator/liquidations/frames.ts';
import type { SimulatedExchange } from '../../src/simulator/liquidations/markets.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { DAY_MS, MINUTE_MS } from '../../src/store/liquidations/types.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';
import { createLiquidationExchange } from '../../src/gather/liquidations/exchanges.ts';
import { pauseKey } from '../../src/gather/rate-limit-gate.ts';
import { upstreamPause } from '../../src/gather/upstream-pause.ts';
import { expectedSums, FAST, tempDb } from './helpers.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
const repoOf = (store: ConstructorParameters<typeof SqliteLiquidationRepo>[0]) => new SqliteLiquidationRepo(store);

const EXCHANGES: SimulatedExchange[] = ['binanceusdm', 'bybit', 'okx', 'gate', 'dydx', 'htx'];
const COINS = ['BTC', 'ETH', 'BNB', 'SOL', 'XRP'];
const PRICES: Record<string, number> = { BTC: 75_900.5, ETH: 2_240.31, BNB: 640.2, SOL: 97.13, XRP: 1.5234 };

/** A deterministic spread of liquidations: every exchange, coin and side, ages from seconds to `maxAgeDays`. */
function spread(base: number, n: number, maxAgeDays: number, seed = 1): SimLiquidation[] {
  let x = seed;
  const rand = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const out: SimLiquidation[] = [];
  for (let i = 0; i < n; i++) {
    const coin = COINS[i % COINS.length]!;
    out.push({
      exchange: EXCHANGES[i % EXCHANGES.length]!,
      coin,
      side: rand() < 0.6 ? 'long' : 'short',
      amount: Number((0.01 + rand() * 5).toFixed(3)) * (coin === 'XRP' ? 1000 : coin === 'SOL' ? 50 : 1),
      price: PRICES[coin]! * (0.9 + rand() * 0.2),
      at: base - Math.floor(rand() ** 3 * maxAgeDays * DAY_MS),
    });
  }
  return out;
}

/** The cents the store should hold for the delivered events of `exchange` (or all). */
const counted = (c: Collectors, exchange?: string) =>
  c
    .status()
    .filter((s) => !exchange || s.exchange === exchange)
    .reduce((n, s) => n + s.events, 0);

describe('liquidation collectors through ccxt and the simulator', () => {
  let sim: LiquidationSimulator | undefined;
  let collectors: Collectors | undefined;
  let store: LiquidationStore | undefined;
  const cleanups: Array<() => void | Promise<void>> = [];

  afterEach(async () => {
    await collectors?.stop();
    store?.close();
    await sim?.close();
    for (const c of cleanups.splice(0).reverse()) await c();
    collectors = undefined;
    store = undefined;
    sim = undefined;
  });

  async function setUp(
    options: {
      replayOnReconnect?: number;
      exchanges?: SimulatedExchange[];
      tuning?: StartCollectorsOptions['tuning'];
      retentionDays?: number;
      path?: string;
    } = {},
  ) {
    sim = await startLiquidationSimulator({ coins: COINS, replayOnReconnect: options.replayOnReconnect ?? 0 });
    const tmp = tempDb();
    cleanups.push(tmp.cleanup);
    const path = options.path ?? tmp.path;
    store = LiquidationStore.open(path);
    const log = memoryLogger();
    const exchanges = options.exchanges ?? EXCHANGES;
    collectors = startCollectors({
      exchanges,
      coins: COINS,
      store: repoOf(store),
      logger: log.logger,
      urls: sim.urls(),
      tuning: { ...FAST, ...options.tuning },
      ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
    });
    await subscribed(exchanges);
    return { path, log, exchanges };
  }

  /** Collect one exchange (OKX by default) alone at `url` into an in-memory store, with fast backoff; returns the log. */
  function okxOnly(url: string, exchange: SimulatedExchange = 'okx') {
    store = LiquidationStore.open(':memory:');
    const log = memoryLogger();
    collectors = startCollectors({
      exchanges: [exchange],
      coins: COINS,
      store: repoOf(store),
      logger: log.logger,
      urls: { [exchange]: url },
      tuning: FAST,
    });
    return { log, running: collectors, held: store };
  }

  async function subscribed(exchanges: SimulatedExchange[]) {
    for (const ex of exchanges)
      await sim!.waitForSubscriptions(ex, ex === 'bybit' || ex === 'dydx' || ex === 'htx' ? COINS.length : 1);
  }

  it('stores what was sent: every window, side, coin and exchange sums to the frames delivered', async () => {
    await setUp();
    const base = Date.now();
    const events = spread(base, 900, 32);
    // a cascade: 300 Binance frames back to back in one minute, and packed Bybit/OKX frames
    for (let i = 0; i < 300; i++)
      events.push({
        exchange: 'binanceusdm',
        coin: 'BTC',
        side: 'long',
        amount: 0.5 + (i % 7) / 10,
        price: 74_000 - i,
        at: base - 20_000 + i * 10,
      });
    for (let i = 0; i < 120; i++)
      events.push({
        exchange: i % 2 ? 'bybit' : 'okx',
        coin: 'ETH',
        side: 'long',
        amount: 3 + (i % 5),
        price: 2_200 - i / 10,
        at: base - 15_000 + i * 7,
      });
    const delivered = sim!.push(events);
    expect(delivered).toBe(events.length);
    await waitUntil(() => counted(collectors!) === delivered, `${delivered} events counted`);
    await collectors!.flush();

    const sent = sim!.delivered();
    const now = Date.now();
    const summary = await summariseLiquidations(repoOf(store!), now);
    const endMinute = Math.floor(now / MINUTE_MS);
    for (const [name, length] of Object.entries(LIQUIDATION_WINDOWS)) {
      const w = summary.windows[name as keyof typeof LIQUIDATION_WINDOWS]!;
      const startMinute = Math.ceil((now - length) / MINUTE_MS);
      const exp = expectedSums(sent, startMinute, endMinute);
      expect({
        window: name,
        longs: Math.round(w.longsUsd * 100),
        shorts: Math.round(w.shortsUsd * 100),
        count: w.count,
      }).toEqual({
        window: name,
        longs: exp.longsCents,
        shorts: exp.shortsCents,
        count: exp.count,
      });
      for (const ex of EXCHANGES) {
        const e = expectedSums(
          sent.filter((s) => s.exchange === ex),
          startMinute,
          endMinute,
        );
        const got = w.byExchange[ex];
        expect([
          Math.round((got?.longsUsd ?? 0) * 100),
          Math.round((got?.shortsUsd ?? 0) * 100),
          got?.count ?? 0,
        ]).toEqual([e.longsCents, e.shortsCents, e.count]);
      }
      for (const coin of COINS) {
        const e = expectedSums(
          sent.filter((s) => s.coin === coin),
          startMinute,
          endMinute,
        );
        const got = w.byCoin[coin];
        expect([
          Math.round((got?.longsUsd ?? 0) * 100),
          Math.round((got?.shortsUsd ?? 0) * 100),
          got?.count ?? 0,
        ]).toEqual([e.longsCents, e.shortsCents, e.count]);
      }
      const inWindow = sent.filter((s) => Math.floor(s.at / MINUTE_MS) >= startMinute);
      expect(w.largest?.usd).toBe(Math.max(...inWindow.map((s) => Math.round(s.usd * 100))) / 100);
      expect(w.coverage.exchanges).toEqual([...EXCHANGES].sort());
    }
    // the 30-day window really excludes the events older than 30 days that were sent too
    expect(sent.some((s) => s.at < now - 30 * DAY_MS)).toBe(true);
    // only today was collected, so the baseline holds today alone, with today's events
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    expect(summary.daily.map((d) => d.day)).toEqual([today]);
    expect(summary.daily[0]!.count).toBe(sent.filter((s) => s.at >= today).length);
    expect(collectors!.status().every((s) => s.sessions === 1 && s.duplicates === 0 && s.skipped === 0)).toBe(true);
  });

  it('reconnects after a dropped connection, records the gap, and counts resent events once', async () => {
    await setUp({ replayOnReconnect: 10 });
    const first = spread(Date.now(), 60, 0.01, 7);
    sim!.push(first);
    await waitUntil(() => counted(collectors!) === 60, 'first 60 events counted');

    for (const ex of EXCHANGES) sim!.disconnect(ex);
    await waitUntil(() => EXCHANGES.every((ex) => sim!.connectionCount(ex) === 2), 'every exchange reconnected');
    await subscribed(EXCHANGES);
    // the simulator resent its last frames to the new subscriptions: all already counted
    await waitUntil(() => collectors!.status().every((s) => s.duplicates > 0), 'resent frames recognised');

    const second = spread(Date.now(), 60, 0.01, 8);
    sim!.push(second);
    await waitUntil(() => counted(collectors!) === 120, '120 events counted');
    await collectors!.flush();

    const now = Date.now();
    const sent = sim!.delivered();
    expect(sent).toHaveLength(120);
    const exp = expectedSums(sent, 0, Number.MAX_SAFE_INTEGER);
    const day = (await summariseLiquidations(repoOf(store!), now)).windows['24h']!;
    expect([Math.round(day.longsUsd * 100), Math.round(day.shortsUsd * 100), day.count]).toEqual([
      exp.longsCents,
      exp.shortsCents,
      exp.count,
    ]);

    for (const ex of EXCHANGES) {
      const sessions = store!.coverage(now - DAY_MS, now, now).sessions.filter((s) => s.exchange === ex);
      expect(sessions).toHaveLength(2);
      expect(sessions[0]).toMatchObject({ open: false, endReason: 'disconnected' });
      expect(sessions[1]!.open).toBe(true);
      const gaps = store!.gaps(ex, sessions[0]!.start, now, now);
      expect(gaps).toEqual([{ exchange: ex, from: sessions[0]!.end, to: sessions[1]!.start }]);
      expect(gaps[0]!.to).toBeGreaterThan(gaps[0]!.from);
    }
    expect(collectors!.status().map((s) => s.sessions)).toEqual(EXCHANGES.map(() => 2));
  });

  it('keeps every total across a process restart and carries on from there', async () => {
    const { path } = await setUp();
    sim!.push(spread(Date.now(), 90, 20, 3));
    await waitUntil(() => counted(collectors!) === 90, '90 events counted');
    await collectors!.stop();
    collectors = undefined;
    const at = Date.now();
    const before = await summariseLiquidations(repoOf(store!), at);
    store!.close();

    store = LiquidationStore.open(path);
    expect(await summariseLiquidations(repoOf(store), at)).toEqual(before);
    expect(before.windows['30d']!.count).toBe(90);

    // a new process on the same file: collects more, on top of what was kept
    collectors = startCollectors({
      exchanges: EXCHANGES,
      coins: COINS,
      store: repoOf(store),
      urls: sim!.urls(),
      tuning: FAST,
    });
    await waitUntil(() => EXCHANGES.every((ex) => sim!.connectionCount(ex) === 2), 'second process connected');
    await subscribed(EXCHANGES);
    sim!.push(spread(Date.now(), 30, 0.001, 4));
    await waitUntil(() => counted(collectors!) === 30, '30 more events counted');
    await collectors.flush();
    const now = Date.now();
    const exp = expectedSums(sim!.delivered(), Math.ceil((now - 30 * DAY_MS) / MINUTE_MS), Math.floor(now / MINUTE_MS));
    const after = (await summariseLiquidations(repoOf(store), now)).windows['30d']!;
    expect([Math.round(after.longsUsd * 100), Math.round(after.shortsUsd * 100), after.count]).toEqual([
      exp.longsCents,
      exp.shortsCents,
      120,
    ]);
    const sessions = store.coverage(now - DAY_MS, now, now).sessions.filter((s) => s.exchange === 'okx');
    expect(sessions.map((s) => s.endReason ?? 'open')).toEqual(['stopped', 'open']);
  });

  it('prunes buckets older than the retention while running', async () => {
    await setUp({ retentionDays: 35, tuning: { pruneEveryMs: 50 } });
    const base = Date.now();
    const old = spread(base - 40 * DAY_MS, 30, 3, 5); // 40 to 43 days old
    const recent = spread(base, 30, 2, 6);
    sim!.push([...old, ...recent]);
    await waitUntil(() => counted(collectors!) === 60, '60 events counted');
    await collectors!.flush();
    const cutoffMinute = Math.floor((Date.now() - 35 * DAY_MS) / MINUTE_MS);
    await waitUntil(
      () => store!.db.prepare('SELECT COUNT(*) FROM liq_minutes WHERE minute < ?').pluck().get(cutoffMinute) === 0,
      'old buckets pruned',
    );
    const now = Date.now();
    const all = store!.totals(Math.floor((now - 50 * DAY_MS) / MINUTE_MS), Math.floor(now / MINUTE_MS));
    expect(all.reduce((n, t) => n + t.count, 0)).toBe(30);
    const exp = expectedSums(
      sim!.delivered().filter((e) => e.at >= base - 2 * DAY_MS - 1),
      0,
      Number.MAX_SAFE_INTEGER,
    );
    expect(all.reduce((n, t) => n + t.cents, 0)).toBe(exp.longsCents + exp.shortsCents);
  });

  it('skips and logs malformed frames without dropping the connection', async () => {
    const { log } = await setUp();
    const t = Date.now();
    sim!.sendRaw('binanceusdm', 'this is not json {');
    sim!.sendRaw('binanceusdm', '{"e":"forceOrder","o":{"s":"BTCUSDT", cut off');
    sim!.sendRaw(
      'binanceusdm',
      JSON.stringify({ e: 'forceOrder', E: t, o: { s: 'BTCUSDT', S: 'SELL', l: 'oops', z: 'oops', ap: 'abc', T: t } }),
    );
    sim!.sendRaw(
      'binanceusdm',
      JSON.stringify({ e: 'forceOrder', E: t, o: { s: 'FOOUSDT', S: 'SELL', l: '1', z: '1', ap: '5', T: t } }),
    );
    sim!.sendRaw(
      'bybit',
      JSON.stringify({
        topic: 'allLiquidation.BTCUSDT',
        type: 'snapshot',
        ts: t,
        data: [{ T: t, s: 'BTCUSDT', S: 'Buy', v: 'NaN', p: '60000' }],
      }),
    );
    sim!.sendRaw(
      'bybit',
      JSON.stringify({ topic: 'allLiquidation.ETHUSDT', type: 'snapshot', ts: t, data: 'garbage' }),
    );
    sim!.sendRaw(
      'okx',
      JSON.stringify({
        arg: { channel: 'liquidation-orders', instType: 'SWAP' },
        data: [{ details: [{ sz: '-3', bkPx: '1', side: 'sell', ts: String(t) }], instId: 'BTC-USDT-SWAP' }],
      }),
    );
    sim!.sendRaw('okx', JSON.stringify({ arg: { channel: 'liquidation-orders', instType: 'SWAP' }, data: [null] }));
    const gate = (result: unknown) =>
      sim!.sendRaw(
        'gate',
        JSON.stringify({ channel: 'futures.public_liquidates', event: 'update', time_ms: t, result }),
      );
    gate([{ price: '60000', size: 'x', time: t, contract: 'BTC_USDT' }]);
    gate([{ price: '60000', size: '-3', time: t, contract: 'NOPE_USDT' }]);
    gate('garbage');
    const dydx = (id: string, trades: unknown) =>
      sim!.sendRaw('dydx', JSON.stringify({ type: 'channel_data', channel: 'v4_trades', id, contents: { trades } }));
    const at = new Date(t).toISOString();
    dydx('BTC-USD', [{ id: 'a', side: 'SELL', size: '-1', price: '60000', type: 'LIQUIDATED', createdAt: at }]);
    dydx('BTC-USD', [{ id: 'b', side: 'SIDEWAYS', size: '1', price: '60000', type: 'LIQUIDATED', createdAt: at }]);
    dydx('BTC-USD', 'garbage');
    dydx('NOPE-USD', [{ id: 'c', side: 'SELL', size: '1', price: '1', type: 'LIQUIDATED', createdAt: at }]);
    const htx = (data: unknown) =>
      sim!.sendRaw('htx', JSON.stringify({ op: 'notify', topic: 'public.BTC-USDT.liquidation_orders', ts: t, data }));
    htx([{ contract_code: 'BTC-USDT', direction: 'sell', volume: 'x', price: 60000, created_at: t }]);
    htx([{ contract_code: 'BTC-USDT', direction: 'up', volume: 5, price: 60000, created_at: t }]);
    htx('garbage');
    sim!.sendRaw('htx', '{"op":"notify","topic":"public.BTC-USDT.liquidation_orders", cut off');
    const good = spread(Date.now(), 45, 0.01, 9);
    sim!.push(good);
    await waitUntil(() => counted(collectors!) === 45, 'valid events counted after the bad ones');
    await collectors!.flush();

    const exp = expectedSums(sim!.delivered(), 0, Number.MAX_SAFE_INTEGER);
    const w = (await summariseLiquidations(repoOf(store!), Date.now())).windows['1h']!;
    expect([Math.round(w.longsUsd * 100), Math.round(w.shortsUsd * 100), w.count]).toEqual([
      exp.longsCents,
      exp.shortsCents,
      45,
    ]);
    for (const ex of EXCHANGES) expect(sim!.connectionCount(ex)).toBe(1);
    const skippedLines = log.lines.filter((l) => l.msg === 'malformed liquidation skipped');
    expect(new Set(skippedLines.map((l) => l.exchange))).toEqual(new Set(EXCHANGES));
    expect(skippedLines.some((l) => l.exchange === 'binanceusdm' && String(l.reason).includes('unknown market'))).toBe(
      true,
    );
    // the frame that was not JSON at all is reported too
    const binanceWarnings = log.lines
      .filter((l) => l.exchange === 'binanceusdm' && l.level === 40)
      .map((l) => `${l.msg} ${l.err ?? l.ccxt ?? ''}`);
    expect(
      binanceWarnings.some(
        (w) => w.startsWith('liquidation frame could not be handled; skipped') && w.includes('this is not json'),
      ),
    ).toBe(true);
    expect(binanceWarnings.some((w) => w.startsWith('ccxt websocket message') && w.includes('JSON.parse'))).toBe(true);
    expect(collectors!.status().every((s) => s.skipped >= 1 && s.sessions === 1)).toBe(true);
  });

  it('restarts a stream that has gone silent and records that collection stopped at its last event', async () => {
    await setUp({ exchanges: ['okx'], tuning: { silenceMs: 300 } });
    sim!.push([{ exchange: 'okx', coin: 'BTC', side: 'long', amount: 1, price: 70_000, at: Date.now() }]);
    await waitUntil(() => counted(collectors!) === 1, 'first event');
    sim!.mute('okx');
    await waitUntil(() => sim!.connectionCount('okx') >= 2, 'silent stream restarted');
    sim!.mute('okx', false);
    await sim!.waitForSubscriptions('okx');
    const now = Date.now();
    const first = store!.coverage(now - DAY_MS, now, now).sessions[0]!;
    expect(first).toMatchObject({ exchange: 'okx', open: false, endReason: 'silent' });
    expect(first.end).toBe(collectors!.status()[0]!.lastEventAt);
    await waitUntil(
      () => sim!.push([{ exchange: 'okx', coin: 'ETH', side: 'short', amount: 2, price: 2_000, at: Date.now() }]) === 1,
      'resubscribed stream delivers',
    );
    await waitUntil(() => counted(collectors!) === 2, 'event after the restart counted');
  });

  it('keeps a quiet connection alive with pings, and reconnects one whose pongs stop', async () => {
    await setUp({ tuning: { keepAliveMs: 60 } });
    await waitUntil(() => EXCHANGES.every((ex) => sim!.pingCount(ex) >= 3), 'three pings answered on every exchange');
    for (const ex of EXCHANGES) expect(sim!.connectionCount(ex)).toBe(1);
    sim!.answerPings(false);
    await waitUntil(
      () => EXCHANGES.every((ex) => sim!.connectionCount(ex) >= 2),
      'every exchange reconnected after its pongs stopped',
    );
    sim!.answerPings(true);
    await subscribed(EXCHANGES);
    const now = Date.now();
    for (const ex of EXCHANGES) {
      const [first] = store!.coverage(now - DAY_MS, now, now).sessions.filter((s) => s.exchange === ex);
      expect(first).toMatchObject({ open: false, endReason: 'disconnected' });
    }
    expect(collectors!.status().every((s) => /ping-pong/.test(s.lastError ?? ''))).toBe(true);
  });

  it('keeps retrying an unreachable exchange without claiming any coverage, and stops cleanly', async () => {
    sim = await startLiquidationSimulator({ coins: COINS });
    const down = sim.url;
    await sim.close(); // nothing listens there any more
    sim = undefined;
    const { log, running, held } = okxOnly(down);
    await waitUntil(
      () => log.lines.filter((l) => l.upstream === 'the OKX liquidation stream').length >= 3,
      'three failed attempts',
    );
    // the outage is reported once (a notice), the retries after it only at debug level
    const notices = log.lines.filter((l) => l.notice === true).map((l) => l.msg);
    expect(notices).toEqual([
      expect.stringMatching(/^offline: cannot reach the OKX liquidation stream \(.+\); retrying with backoff$/),
    ]);
    expect(running.status()[0]).toMatchObject({
      connected: false,
      sessions: 0,
      events: 0,
      failingSince: expect.any(Number),
    });
    expect(running.status()[0]!.lastError).toMatch(/ECONNREFUSED|connect|fetch/i);
    const now = Date.now();
    expect(held.coverage(now - DAY_MS, now, now).sessions).toEqual([]);
    expect((await summariseLiquidations(repoOf(held), now)).windows).toEqual({});
    await running.stop();
  });

  it.each(['okx', 'gate', 'dydx', 'htx'] as const)(
    'waits out a Retry-After pause of %s before trying it again, then connects',
    async (exchange) => {
      sim = await startLiquidationSimulator({ coins: COINS });
      const probe = await createLiquidationExchange(exchange, sim.url);
      const until = Date.now() + 1_500;
      await upstreamPause().set(pauseKey(probe), until); // as a 429 with Retry-After: 2 would have set it
      await probe.close();
      const { log } = okxOnly(sim.url, exchange); // backoff of 20-200 ms: without the pause it would try about ten times in 1.5 s
      await sim.waitForSubscriptions(exchange, 1);
      expect(Date.now()).toBeGreaterThanOrEqual(until);
      const refused = log.lines.filter((l) => /asked us to wait/.test(JSON.stringify(l)));
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused.length).toBeLessThanOrEqual(2);
      await waitUntil(() => collectors!.status()[0]!.connected, 'connected after the pause');
    },
  );

  it('lets only one collector write a database; the other takes over when it stops', async () => {
    const { path } = await setUp({ exchanges: ['binanceusdm'], tuning: { leaseTtlMs: 200 } });
    const second = LiquidationStore.open(path);
    cleanups.push(() => second.close());
    const other = startCollectors({
      exchanges: ['binanceusdm'],
      coins: COINS,
      store: repoOf(second),
      urls: sim!.urls(),
      tuning: { ...FAST, leaseTtlMs: 200 },
    });
    cleanups.push(() => other.stop());
    expect(collectors!.active).toBe(true);
    expect(other.active).toBe(false);
    expect(sim!.connectionCount('binanceusdm')).toBe(1);
    await collectors!.stop();
    await waitUntil(() => other.active, 'the second collector took over');
    await waitUntil(() => sim!.connectionCount('binanceusdm') === 2, 'second collector connected');
  });
});
