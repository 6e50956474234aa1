// Single flight: any number of concurrent requests while a snapshot is being built share that one build,
// counted at the far end (the simulator) as well as by the cache.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/gather/build-snapshot.ts';
import { createExchange } from '../../src/gather/exchange.ts';
import { SnapshotCache } from '../../src/gather/snapshot-cache.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const NOW = Date.parse('2024-06-01T00:00:00Z') + 40 * 24 * 3_600_000;
let sim: Simulator;
let cache: SnapshotCache;

beforeEach(async () => {
  sim = await startSimulator({ data: syntheticMarket({ hours: 40 * 24 }), now: () => NOW, latencyMs: 30 });
  const exchange = createExchange('binanceusdm', { baseUrl: sim.url });
  cache = new SnapshotCache(() => buildSnapshot({ exchange, coins: ['BTC', 'ETH'], quote: 'USDT', now: NOW }), 60);
});
afterEach(async () => {
  cache.close();
  await sim.close();
});

const tickerCalls = () => sim.calls.filter((c) => c.path === '/fapi/v1/ticker/24hr').length;

it('100 concurrent requests cause exactly one upstream build', async () => {
  const snapshots = await Promise.all(Array.from({ length: 100 }, () => cache.get()));
  expect(cache.buildCount).toBe(1);
  expect(tickerCalls()).toBe(1);
  expect(sim.calls.filter((c) => c.path === '/fapi/v1/exchangeInfo')).toHaveLength(1);
  expect(new Set(snapshots).size).toBe(1);
});

it('serves the cached snapshot within its TTL and builds anew once it is cleared', async () => {
  const first = await cache.get();
  expect(await cache.get()).toBe(first);
  expect(tickerCalls()).toBe(1);
  cache.clear();
  await cache.get();
  expect(cache.buildCount).toBe(2);
  expect(tickerCalls()).toBe(2);
});

it('keeps a snapshot without prices for 10 s at most, one with prices for the full TTL', async () => {
  sim.faults.add({ path: '/fapi/v1/exchangeInfo', kind: 'server-error', times: 3 });
  const before = Date.now();
  const degraded = await cache.get();
  expect(degraded.tickers.ok).toBe(false);
  const shortExpiry = cache.expiresAt()! - before;
  expect(shortExpiry).toBeGreaterThan(0);
  expect(shortExpiry).toBeLessThanOrEqual(10_000 + (Date.now() - before));
  cache.clear();
  const start = Date.now();
  expect((await cache.get()).tickers.ok).toBe(true);
  expect(cache.expiresAt()! - start).toBeGreaterThanOrEqual(60_000);
});

it('does not cache a failed build: the next request tries again', async () => {
  let fail = true;
  const flaky = new SnapshotCache(async () => {
    if (fail) throw new Error('boom');
    return cache.get();
  }, 60);
  await expect(Promise.all([flaky.get(), flaky.get()])).rejects.toThrow('boom');
  expect(flaky.buildCount).toBe(1);
  fail = false;
  await expect(flaky.get()).resolves.toMatchObject({ coins: ['BTC', 'ETH'] });
  flaky.close();
});
