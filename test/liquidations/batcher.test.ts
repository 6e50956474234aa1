// The batcher writes what it buffers within a second by default (so a killed process loses at most the
// last second of events), at once when the buffer is full, one flush at a time, and keeps a batch the
// database refused for the next flush.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiquidationBatcher } from '../../src/gather/liquidations/batcher.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import type { LiquidationEvent } from '../../src/store/liquidations/types.ts';

const T0 = Date.UTC(2026, 1, 5, 12, 0, 0);
const ev = (i: number): LiquidationEvent => ({
  exchange: 'okx',
  symbol: 'BTC/USDT:USDT',
  coin: 'BTC',
  side: 'long',
  amount: 1,
  price: 70_000 + i,
  usd: 70_000 + i,
  at: T0 + i,
});
const count = (store: LiquidationStore) => store.totals(0, Number.MAX_SAFE_INTEGER).reduce((n, t) => n + t.count, 0);

describe('LiquidationBatcher', () => {
  afterEach(() => vi.useRealTimers());

  it('writes buffered events within one second by default, and at once when the buffer is full', async () => {
    vi.useFakeTimers();
    const store = LiquidationStore.open(':memory:');
    const batcher = new LiquidationBatcher(new SqliteLiquidationRepo(store), { maxBatch: 100 });
    batcher.add([ev(1), ev(2)]);
    await vi.advanceTimersByTimeAsync(999);
    expect(count(store)).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(count(store)).toBe(2);
    batcher.add(Array.from({ length: 100 }, (_, i) => ev(10 + i)));
    await vi.advanceTimersByTimeAsync(0); // full buffer: no wait for the timer
    expect(count(store)).toBe(102);
    batcher.add([ev(1), ev(500)]); // one resend, one new
    await batcher.close();
    expect([count(store), batcher.written, batcher.duplicates('okx'), batcher.stored('okx')]).toEqual([
      103, 103, 1, 103,
    ]);
    store.close();
  });

  it('keeps a refused batch and writes it on the next flush; never runs two writes at once', async () => {
    vi.useFakeTimers();
    const store = new SqliteLiquidationRepo(LiquidationStore.open(':memory:'));
    let fail = true;
    let inFlight = 0;
    let most = 0;
    const flaky = {
      write: async (events: readonly LiquidationEvent[]) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight -= 1;
        if (fail) throw new Error('SQLITE_BUSY: database is locked');
        return store.write(events);
      },
    };
    const batcher = new LiquidationBatcher(flaky);
    batcher.add([ev(1)]);
    await vi.advanceTimersByTimeAsync(1010);
    expect([count(store.store), batcher.waiting]).toEqual([0, 1]);
    fail = false;
    await vi.advanceTimersByTimeAsync(1010);
    expect([count(store.store), batcher.waiting]).toEqual([1, 0]);
    batcher.add([ev(2)]);
    const flushes = [batcher.flush(), batcher.flush(), batcher.flush()];
    await vi.advanceTimersByTimeAsync(100);
    expect(await Promise.all(flushes)).toEqual([1, 0, 0]);
    expect(most).toBe(1);
    await batcher.close();
    await store.close();
  });
});
