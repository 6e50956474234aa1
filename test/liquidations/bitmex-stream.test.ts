// BitMEX's liquidation table through whybot's BitMEX client (ccxt's base websocket machinery; ccxt 4.5.84 has no
// BitMEX) and the simulator, which speaks BitMEX's protocol: the welcome, the subscription's answer, a `partial` of
// the working orders on each subscription, `insert`/`update`/`delete` rows without a time, text pings. Checked: the
// markets (linear USDT perpetuals at 1/underlyingToPositionMultiplier coins a contract, XBTUSD at $1 a contract,
// quantos and futures left out), each order counted once across a reconnect's `partial`, the keep-alive, a
// websocket 429 and a REST 429, all through the real collector into SQLite.
import type { Liquidation } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import type { BitmexLiquidationClient } from '../../src/gather/liquidations/bitmex-stream.ts';
import { startCollectors, type Collectors } from '../../src/gather/liquidations/collectors.ts';
import { createLiquidationExchange, marketFacts, watchCalls } from '../../src/gather/liquidations/exchanges.ts';
import { normaliseLiquidation } from '../../src/gather/liquidations/normalise.ts';
import { summariseLiquidations } from '../../src/gather/liquidations/summary.ts';
import { pauseKey } from '../../src/gather/rate-limit-gate.ts';
import { upstreamPause } from '../../src/gather/upstream-pause.ts';
import type { SimLiquidation } from '../../src/simulator/liquidations/frames.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { DAY_MS } from '../../src/store/liquidations/types.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';
import { expectedSums, FAST } from './helpers.ts';

const COINS = ['BTC', 'ETH', 'SOL'];
let sim: LiquidationSimulator | undefined;
let client: BitmexLiquidationClient | undefined;
let collectors: Collectors | undefined;
let store: LiquidationStore | undefined;
afterEach(async () => {
  await collectors?.stop();
  await client?.close();
  store?.close();
  await sim?.close();
  [collectors, client, store, sim] = [undefined, undefined, undefined, undefined];
});

const row = (orderID: string, symbol: string, side: string, price: number, leavesQty: number | string) => ({
  orderID,
  symbol,
  side,
  price,
  leavesQty,
});
const table = (action: string, data: unknown) => JSON.stringify({ table: 'liquidation', action, data });

/** `n` liquidations of the tracked coins now, both sides. */
function some(n: number, seed: number): SimLiquidation[] {
  const prices: Record<string, number> = { BTC: 90_000.5, ETH: 3_100.25, SOL: 140.5 };
  return Array.from({ length: n }, (_, i) => {
    const coin = COINS[(i + seed) % COINS.length]!;
    return {
      exchange: 'bitmex' as const,
      coin,
      side: (i + seed) % 3 ? ('long' as const) : ('short' as const),
      amount: coin === 'BTC' ? 0.25 + i / 100 : coin === 'ETH' ? 3 + i : 40 + i,
      price: prices[coin]! * (1 - i / 1000),
      at: Date.now(),
    };
  });
}

function collect(url: string, tuning = {}) {
  store = LiquidationStore.open(':memory:');
  const log = memoryLogger();
  collectors = startCollectors({
    exchanges: ['bitmex'],
    coins: COINS,
    store: new SqliteLiquidationRepo(store),
    logger: log.logger,
    urls: { bitmex: url },
    tuning: { ...FAST, ...tuning },
  });
  return log;
}

const counted = () => collectors!.status().reduce((n, s) => n + s.events, 0);

describe('BitMEX liquidations', () => {
  it('lists the perpetuals it can value and parses the table: inserts once, partials once, quantos and updates left out', async () => {
    sim = await startLiquidationSimulator({ coins: COINS });
    client = (await createLiquidationExchange('bitmex', sim.url)) as unknown as BitmexLiquidationClient;
    await client.loadMarkets();
    expect(Object.keys(client.markets ?? {}).sort()).toEqual([
      'BTC/USD:BTC',
      'BTC/USDT:USDT',
      'ETH/USDT:USDT',
      'SOL/USDT:USDT',
    ]);
    expect(client.markets?.['BTC/USDT:USDT']?.contractSize).toBe(1e-6);
    const calls = watchCalls('bitmex', client, COINS);
    expect(calls.map((c) => c.label)).toEqual(['liquidation']);
    calls[0]!.call().catch(() => undefined);
    await sim.waitForSubscriptions('bitmex', 1);
    expect(sim.subscriptions('bitmex')).toEqual(['liquidation']);

    const before = Date.now();
    sim.sendRaw(
      'bitmex',
      table('insert', [
        row('a1', 'XBTUSDT', 'Sell', 90_000, 250_000), // 0.25 BTC long liquidated
        row('a2', 'XBTUSD', 'Buy', 90_000, 876_800), // $876,800 of an inverse short
        row('a3', 'ETHUSD', 'Sell', 3_000, 1_000), // a quanto: no USD value from contracts x size x price
      ]),
    );
    sim.sendRaw('bitmex', table('update', [{ orderID: 'a1', symbol: 'XBTUSDT', leavesQty: 100_000 }]));
    sim.sendRaw('bitmex', table('delete', [{ orderID: 'a1', symbol: 'XBTUSDT' }]));
    // a reconnect's partial lists a working order again, and one not seen before
    sim.sendRaw(
      'bitmex',
      table('partial', [row('a2', 'XBTUSD', 'Buy', 90_000, 876_800), row('a4', 'SOLUSDT', 'Sell', 140, 400_000)]),
    );
    await waitUntil(() => (client!.liquidations?.length ?? 0) >= 3, 'three liquidations parsed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const events = (client.liquidations as Liquidation[]).flatMap((l) => {
      const r = normaliseLiquidation('bitmex', l, marketFacts(client!, l.symbol ?? undefined));
      if (!r.ok) throw new Error(r.reason);
      return r.events;
    });
    expect(events.map((e) => [e.symbol, e.coin, e.side, e.amount, e.price])).toEqual([
      ['BTC/USDT:USDT', 'BTC', 'long', 0.25, 90_000],
      ['BTC/USD:BTC', 'BTC', 'short', 876_800 / 90_000, 90_000],
      ['SOL/USDT:USDT', 'SOL', 'long', 40, 140],
    ]);
    expect(events.map((e) => e.usd)).toEqual([22_500, 876_800, 5_600]);
    // rows carry no time: each is stamped when it arrived
    for (const e of events) expect(e.at).toBeGreaterThanOrEqual(before);
  });

  it('counts what was sent once across a dropped connection whose partial lists the orders again, with the gap recorded', async () => {
    sim = await startLiquidationSimulator({ coins: COINS, replayOnReconnect: 10 });
    collect(sim.url);
    await sim.waitForSubscriptions('bitmex', 1);
    expect(sim.push(some(30, 1))).toBe(30);
    await waitUntil(() => counted() === 30, '30 counted');
    sim.disconnect('bitmex');
    await waitUntil(() => sim!.connectionCount('bitmex') === 2, 'reconnected');
    await sim.waitForSubscriptions('bitmex', 1);
    await waitUntil(() => sim!.resent() > 0, 'the partial listed the last orders again');
    expect(sim.push(some(30, 2))).toBe(30);
    await waitUntil(() => counted() === 60, '60 counted');
    await collectors!.flush();
    const now = Date.now();
    const exp = expectedSums(sim.delivered(), 0, Number.MAX_SAFE_INTEGER);
    const w = (await summariseLiquidations(new SqliteLiquidationRepo(store!), now)).windows['24h']!;
    expect([Math.round(w.longsUsd * 100), Math.round(w.shortsUsd * 100), w.count]).toEqual([
      exp.longsCents,
      exp.shortsCents,
      60,
    ]);
    expect(w.byExchange.bitmex?.count).toBe(60);
    const sessions = store!.coverage(now - DAY_MS, now, now).sessions;
    expect(sessions.map((s) => s.endReason ?? 'open')).toEqual(['disconnected', 'open']);
  });

  it('skips and logs malformed rows and frames without dropping the connection', async () => {
    sim = await startLiquidationSimulator({ coins: COINS });
    const log = collect(sim.url);
    await sim.waitForSubscriptions('bitmex', 1);
    sim.sendRaw('bitmex', 'this is not json {');
    sim.sendRaw(
      'bitmex',
      table('insert', [row('m1', 'XBTUSDT', 'Sell', 90_000, 'x'), row('m2', 'XBTUSDT', 'Up', 90_000, 5)]),
    );
    sim.sendRaw('bitmex', table('insert', 'garbage'));
    expect(sim.push(some(6, 3))).toBe(6);
    await waitUntil(() => counted() === 6, 'the valid rows counted after the bad ones');
    const skipped = log.lines.filter((l) => l.msg === 'malformed liquidation skipped').map((l) => String(l.reason));
    expect(skipped).toEqual([expect.stringMatching(/bad size/), expect.stringMatching(/bad side/)]);
    expect(sim.connectionCount('bitmex')).toBe(1);
  });

  it('keeps a quiet connection alive with text pings, and reconnects when the pongs stop', async () => {
    sim = await startLiquidationSimulator({ coins: COINS });
    collect(sim.url, { keepAliveMs: 60 });
    await waitUntil(() => sim!.pingCount('bitmex') >= 3, 'three pings answered');
    expect(sim.connectionCount('bitmex')).toBe(1);
    sim.answerPings(false);
    await waitUntil(() => sim!.connectionCount('bitmex') >= 2, 'reconnected after the pongs stopped');
    expect(collectors!.status()[0]!.lastError).toMatch(/ping-pong/);
  });

  it('waits out a websocket 429 before connecting again', async () => {
    sim = await startLiquidationSimulator({ coins: COINS });
    const log = collect(sim.url);
    await sim.waitForSubscriptions('bitmex', 1);
    const at = Date.now();
    sim.sendRaw(
      'bitmex',
      JSON.stringify({ status: 429, error: 'Rate limit exceeded, retry in 1 seconds.', meta: { retryAfter: 1 } }),
    );
    await waitUntil(() => sim!.connectionCount('bitmex') >= 2, 'reconnected after the pause');
    expect(Date.now() - at).toBeGreaterThanOrEqual(1_000);
    expect(log.lines.some((l) => /asked us to wait/.test(JSON.stringify(l)))).toBe(true);
  });

  it('waits out a REST Retry-After pause of its markets before trying again, then connects', async () => {
    sim = await startLiquidationSimulator({ coins: COINS });
    const probe = await createLiquidationExchange('bitmex', sim.url);
    const until = Date.now() + 1_500;
    await upstreamPause().set(pauseKey(probe), until); // as a 429 with Retry-After: 2 would have set it
    await probe.close();
    collect(sim.url);
    await sim.waitForSubscriptions('bitmex', 1);
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    await waitUntil(() => collectors!.status()[0]!.connected, 'connected after the pause');
  });
});
