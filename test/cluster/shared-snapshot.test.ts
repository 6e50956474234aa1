// The snapshot shared through the real Redis: three caches (as three processes would have: each its own ccxt
// exchange and Redis connection) under 1,000 concurrent requests each build it once between them, counted at
// the exchange simulator; a crashed builder's lock expires; a slow build elsewhere serves the previous snapshot;
// with Redis unreachable each process builds for itself. Runs when REDIS_URL_TEST is set.
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/cluster/redis.ts';
import { buildSnapshot } from '../../src/gather/build-snapshot.ts';
import { createExchange } from '../../src/gather/exchange.ts';
import { SharedSnapshotStore } from '../../src/gather/shared-snapshot.ts';
import { SnapshotCache } from '../../src/gather/snapshot-cache.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const NOW = Date.parse('2024-06-01T00:00:00Z') + 40 * 24 * 3_600_000;

describe.skipIf(REDIS_URL_TEST === undefined)('snapshot shared through Redis', () => {
  let sim: Simulator;
  let prefix: string;
  const connections: Redis[] = [];
  const caches: SnapshotCache[] = [];

  const process = (options: { waitMs?: number; url?: string } = {}) => {
    const redis = connectRedis(options.url ?? REDIS_URL_TEST!);
    connections.push(redis);
    const exchange = createExchange('binanceusdm', { baseUrl: sim.url });
    const store = new SharedSnapshotStore({
      redis,
      key: `${prefix}:snapshot`,
      lockMs: 5_000,
      pollMs: 20,
      ...(options.waitMs ? { waitMs: options.waitMs } : {}),
    });
    const log = memoryLogger();
    const cache = new SnapshotCache(
      () => buildSnapshot({ exchange, coins: ['BTC', 'ETH'], quote: 'USDT', now: NOW }),
      60,
      { store, logger: log.logger },
    );
    caches.push(cache);
    return { cache, store, redis, lines: log.lines };
  };
  const tickerCalls = () => sim.calls.filter((c) => c.path === '/fapi/v1/ticker/24hr').length;

  beforeEach(async () => {
    sim = await startSimulator({ data: syntheticMarket({ hours: 40 * 24 }), now: () => NOW, latencyMs: 30 });
    prefix = testPrefix();
  });
  afterEach(async () => {
    for (const c of caches.splice(0)) c.close();
    const cleaner = connectRedis(REDIS_URL_TEST!);
    await deletePrefix(cleaner, prefix);
    cleaner.disconnect();
    for (const r of connections.splice(0)) r.disconnect();
    await sim.close();
  });

  it('three processes under 1,000 concurrent requests each build the snapshot once between them', async () => {
    const procs = [process(), process(), process()];
    const got = await Promise.all(procs.flatMap((p) => Array.from({ length: 1000 }, () => p.cache.get())));
    expect(procs.reduce((n, p) => n + p.cache.buildCount, 0)).toBe(1);
    expect(tickerCalls()).toBe(1);
    expect(sim.calls.filter((c) => c.path === '/fapi/v1/exchangeInfo')).toHaveLength(1);
    // every process serves the same data: one build time, one price
    expect(new Set(got.map((s) => s.builtAt)).size).toBe(1);
    expect(new Set(got.map((s) => (s.tickers.ok ? s.tickers.value.BTC?.price : undefined))).size).toBe(1);
    expect(got[0]!.tickers.ok).toBe(true);
    // every process knows how fresh what it serves is
    for (const p of procs) expect(p.cache.lastBuild?.tickersOk).toBe(true);
  });

  it('builds once more between them when the shared snapshot has expired', async () => {
    const [a, b] = [process(), process()];
    await Promise.all([a.cache.get(), b.cache.get()]);
    expect(tickerCalls()).toBe(1);
    // the TTL passing, as Redis and each process see it
    await a.cache.clear();
    b.cache.close();
    const b2 = process();
    await Promise.all([a.cache.get(), b2.cache.get(), a.cache.get(), b2.cache.get()]);
    expect(tickerCalls()).toBe(2);
    expect(a.cache.buildCount + b.cache.buildCount + b2.cache.buildCount).toBe(2);
  });

  it('a crashed builder holds nobody up past its lock: the next process builds', async () => {
    const a = process();
    // a builder that died mid-build: its lock expires after 300 ms and nobody released it
    await a.redis.set(`${prefix}:snapshot:lock`, 'dead-process#1', 'PX', 300);
    const snapshot = await a.cache.get();
    expect(snapshot.tickers.ok).toBe(true);
    expect(a.cache.buildCount).toBe(1);
    expect(tickerCalls()).toBe(1);
  });

  it('serves the previous snapshot, with its own build time, while a build elsewhere takes too long', async () => {
    const a = process();
    const first = await a.cache.get();
    // the shared one expires and another process starts a build that does not finish
    await a.cache.clear();
    await a.redis.set(`${prefix}:snapshot:lock`, 'slow-process#1', 'PX', 60_000);
    const b = process({ waitMs: 200 });
    const served = await b.cache.get();
    expect(served.builtAt).toBe(first.builtAt);
    expect(b.cache.buildCount).toBe(0);
    expect(tickerCalls()).toBe(1);
  });

  it('with Redis unreachable, each process builds for itself and says so', async () => {
    const a = process({ url: 'redis://127.0.0.1:1' });
    const snapshot = await a.cache.get();
    expect(snapshot.tickers.ok).toBe(true);
    expect(a.cache.buildCount).toBe(1);
    expect(a.lines.some((l) => String(l.msg).includes('shared snapshot cache (Redis) unavailable'))).toBe(true);
  });
});
