// The request rate shared through Redis (src/cluster/shared-rate.ts), on the real Redis: two connections (two
// worker processes) taking slots at once get slots that, merged, never run ahead of the rate by more than the
// burst (checked on the limiter's own slot times, on Redis's clock, so the test does not depend on timer
// precision); a quiet spell lets a burst through at once and no more; a hold (a global 429) stops every process's
// slots for its time; the key does not outlive its use.
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SharedRate } from '../../src/cluster/shared-rate.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix, testRedis } from '../helpers/redis-test.ts';

/** The most slots in any window of `windowUs` (slot times sorted). */
function mostInWindow(sorted: number[], windowUs: number): number {
  let most = 0;
  let first = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    while (sorted[i]! - sorted[first]! >= windowUs) first += 1;
    most = Math.max(most, i - first + 1);
  }
  return most;
}

describe.skipIf(REDIS_URL_TEST === undefined)('a rate shared through Redis', () => {
  let prefix: string;
  let a: Redis;
  let b: Redis;

  beforeEach(() => {
    prefix = testPrefix();
    a = testRedis();
    b = testRedis();
  });
  afterEach(async () => {
    await deletePrefix(a, prefix);
    a.disconnect();
    b.disconnect();
  });

  it('gives two processes taking at once slots that together keep to the rate, burst included', async () => {
    const options = { key: `${prefix}:rate:discord`, perSecond: 50, burst: 5 };
    const rates = [new SharedRate(a, options), new SharedRate(b, options)];
    // 400 reservations at once, half from each connection: 8 s of slots
    const slots = await Promise.all(Array.from({ length: 400 }, (_, i) => rates[i % 2]!.reserve()));
    const times = slots.map((s) => s.atUs).sort((x, y) => x - y);
    expect(new Set(times).size).toBeGreaterThan(390); // distinct slots, bar the burst's
    // any second holds at most 50 + the burst's 4 extra; any 100 ms at most 5 + 4
    expect(mostInWindow(times, 1_000_000)).toBeLessThanOrEqual(54);
    expect(mostInWindow(times, 100_000)).toBeLessThanOrEqual(9);
    // and the slots are as dense as the rate allows: 400 slots span (400 - 5) intervals of 20 ms
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(395 * 20_000 - 1000);
    expect(times.at(-1)! - times[0]!).toBeLessThan(395 * 20_000 + 200_000);
    // each was told to wait until its slot: the last about 7.9 s
    expect(Math.max(...slots.map((s) => s.waitMs))).toBeGreaterThan(7_500);
  });

  it('lets a burst through after a quiet spell, and then keeps to the rate', async () => {
    const rate = new SharedRate(a, { key: `${prefix}:rate:telegram`, perSecond: 30, burst: 3 });
    const slots = await Promise.all(Array.from({ length: 6 }, () => rate.reserve()));
    expect(slots.map((s) => s.waitMs === 0)).toEqual([true, true, true, false, false, false]);
    const waits = slots.slice(3).map((s) => s.waitMs);
    // the fourth waits about one interval (33 ms), the sixth three
    expect(waits[0]).toBeGreaterThan(20);
    expect(waits[2]).toBeGreaterThan(waits[0]! + 50);
    expect(waits[2]).toBeLessThan(110);
  });

  it('holds every process back after a global 429 seen by one', async () => {
    const options = { key: `${prefix}:rate:hold`, perSecond: 50, burst: 5 };
    const [first, second] = [new SharedRate(a, options), new SharedRate(b, options)];
    await first.hold(800);
    const slots = await Promise.all([second.reserve(), first.reserve(), second.reserve()]);
    // none before the hold ends; then one interval apart (no burst right after a hold)
    expect(Math.min(...slots.map((s) => s.waitMs))).toBeGreaterThan(700);
    const times = slots.map((s) => s.atUs).sort((x, y) => x - y);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(2 * 20_000 - 1000);
    // a shorter hold does not shorten it
    await first.hold(10);
    expect((await first.reserve()).waitMs).toBeGreaterThan(700);
  });

  it('take() resolves no earlier than its slot', async () => {
    const rate = new SharedRate(a, { key: `${prefix}:rate:take`, perSecond: 20, burst: 1 });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => rate.take()));
    // 5 slots 50 ms apart: the last is 200 ms after the first
    expect(performance.now() - t0).toBeGreaterThanOrEqual(195);
  });

  it('keeps its key only while slots are ahead (plus a second)', async () => {
    const key = `${prefix}:rate:ttl`;
    await new SharedRate(a, { key, perSecond: 10 }).reserve();
    const ttl = await a.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_100);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new SharedRate(a, { key: `${prefix}:x`, perSecond: 0 })).toThrow(/positive rate/);
  });
});
