// The request rate shared through Redis (src/cluster/shared-rate.ts), on the real Redis: two connections (two
// worker processes) taking slots at once get slots that, merged, never run ahead of the rate by more than the
// burst (checked on the limiter's own slot times, on Redis's clock, so the test does not depend on timer
// precision or on how fast a loaded machine sends the requests); a quiet spell lets a burst through at once and no
// more; a hold (a global 429) stops every process's slots for its time; take() waits for its slot (fake timers);
// the key does not outlive its use.
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RateSlot, SharedRate } from '../../src/cluster/shared-rate.ts';
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
    const slots = (await Promise.all(Array.from({ length: 400 }, (_, i) => rates[i % 2]!.reserve()))).sort(
      (x, y) => x.atUs - y.atUs,
    );
    const times = slots.map((s) => s.atUs);
    expect(new Set(times).size).toBeGreaterThan(390); // distinct slots, bar the burst's
    // any second holds at most 50 + the burst's 4 extra; any 100 ms at most 5 + 4
    expect(mostInWindow(times, 1_000_000)).toBeLessThanOrEqual(54);
    expect(mostInWindow(times, 100_000)).toBeLessThanOrEqual(9);
    // and as dense as the rate allows: 400 slots span at least (400 - 5) intervals of 20 ms
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(395 * 20_000);
    // a slot that had to wait follows the slot before it by exactly one interval (on Redis's clock, whenever the
    // requests arrived); nearly all of them waited, and each was told to wait for its slot
    const queued = slots.filter((s, i) => i > 0 && s.waitMs > 0 && slots[i - 1]!.waitMs > 0);
    expect(queued.length).toBeGreaterThan(300);
    for (const s of queued) expect(s.atUs - slots[slots.indexOf(s) - 1]!.atUs).toBe(20_000);
    expect(slots.at(-1)!.waitMs).toBeGreaterThan(0);
  });

  it('lets a burst through after a quiet spell, and then keeps to the rate', async () => {
    const rate = new SharedRate(a, { key: `${prefix}:rate:telegram`, perSecond: 30, burst: 3 });
    const slots = await Promise.all(Array.from({ length: 6 }, () => rate.reserve()));
    // the burst of three goes at once, however late the requests arrive
    expect(slots.slice(0, 3).map((s) => s.waitMs)).toEqual([0, 0, 0]);
    // no four slots fall within one interval (33.3 ms), and the six span at least three intervals
    const times = slots.map((s) => s.atUs).sort((x, y) => x - y);
    expect(mostInWindow(times, 33_333)).toBeLessThanOrEqual(3);
    expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(3 * 33_333);
  });

  it('holds every process back after a global 429 seen by one', async () => {
    const options = { key: `${prefix}:rate:hold`, perSecond: 50, burst: 5 };
    const [first, second] = [new SharedRate(a, options), new SharedRate(b, options)];
    const [seconds, micros] = await a.time();
    const before = Number(seconds) * 1_000_000 + Number(micros); // Redis's clock before the hold
    await first.hold(800);
    const slots = await Promise.all([second.reserve(), first.reserve(), second.reserve()]);
    // none before the hold ends; then one interval apart (no burst right after a hold)
    const times = slots.map((s) => s.atUs).sort((x, y) => x - y);
    expect(times[0]!).toBeGreaterThanOrEqual(before + 800_000);
    expect(times[1]! - times[0]!).toBe(20_000);
    expect(times[2]! - times[1]!).toBe(20_000);
    // a shorter hold does not shorten it
    await first.hold(10);
    expect((await first.reserve()).atUs).toBe(times[2]! + 20_000);
  });

  it('take() resolves at its slot, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      // one slot every 2 s: the second take waits for the next slot
      const rate = new SharedRate(a, { key: `${prefix}:rate:take`, perSecond: 0.5, burst: 1 });
      const reserve = vi.spyOn(rate, 'reserve');
      await rate.take();
      let done = false;
      const taken = rate.take().then(() => (done = true));
      while (reserve.mock.results.length < 2 || vi.getTimerCount() === 0) await new Promise((r) => setImmediate(r));
      const { waitMs } = await (reserve.mock.results[1]!.value as Promise<RateSlot>);
      expect(waitMs).toBeGreaterThan(0);
      await vi.advanceTimersByTimeAsync(Math.ceil(waitMs) - 1);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await taken;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
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
