// Retry-After pauses kept in the real Redis: one process's pause is seen by another, a shorter pause never cuts a
// longer one, and an entry disappears when its pause ends. Runs when REDIS_URL_TEST is set.
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/cluster/redis.ts';
import { RedisUpstreamPause } from '../../src/cluster/redis-upstream-pause.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';

describe.skipIf(REDIS_URL_TEST === undefined)('Retry-After pauses shared through Redis', () => {
  let a: Redis;
  let b: Redis;
  let prefix: string;
  beforeEach(() => {
    a = connectRedis(REDIS_URL_TEST!);
    b = connectRedis(REDIS_URL_TEST!);
    prefix = testPrefix();
  });
  afterEach(async () => {
    await deletePrefix(a, prefix);
    a.disconnect();
    b.disconnect();
  });

  it('a pause set by one process holds for another, and a shorter one never cuts it', async () => {
    const now = Date.now();
    const here = new RedisUpstreamPause(a, `${prefix}:pause`);
    const there = new RedisUpstreamPause(b, `${prefix}:pause`);
    expect(await there.get('binanceusdm@fapi.binance.com')).toBeUndefined();
    await here.set('binanceusdm@fapi.binance.com', now + 60_000);
    expect(await there.get('binanceusdm@fapi.binance.com')).toBe(now + 60_000);
    await there.set('binanceusdm@fapi.binance.com', now + 5_000);
    expect(await here.get('binanceusdm@fapi.binance.com')).toBe(now + 60_000);
    await there.set('binanceusdm@fapi.binance.com', now + 90_000);
    expect(await here.get('binanceusdm@fapi.binance.com')).toBe(now + 90_000);
    expect(await here.get('bybit@api.bybit.com')).toBeUndefined();
  });

  it('a pause ends when its time has passed, and its key expires then', async () => {
    let clock = Date.now();
    const pause = new RedisUpstreamPause(a, `${prefix}:pause`, () => clock);
    await pause.set('okx@www.okx.com', clock + 30_000);
    expect(await pause.get('okx@www.okx.com')).toBe(clock + 30_000);
    const ttl = await a.pttl(`${prefix}:pause:okx@www.okx.com`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    clock += 30_001;
    expect(await pause.get('okx@www.okx.com')).toBeUndefined();
    // a pause already over is not stored
    await pause.set('bybit@api.bybit.com', clock - 1);
    expect(await a.exists(`${prefix}:pause:bybit@api.bybit.com`)).toBe(0);
  });
});
