// The batcher writes what it buffers within a second by default (so a killed process loses at most the
// last second of events), at once when the buffer is full, and keeps a batch the database refused.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiquidationBatcher } from '../../src/gather/liquidations/batcher.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import type { LiquidationEvent } from '../../src/store/liquidations/types.ts';

const T0 = Date.UTC(2026, 1, 5, 12, 0, 0);
const ev = (i: number): LiquidationEvent => ({ exchange: 'okx', symbol: 'BTC/USDT:USDT', coin: 'BTC', side: 'long', amount: 1, price: 70_000 + i, usd: 70_000 + i, at: T0 + i });
const count = (store: LiquidationStore) => store.totals(0, Number.MAX_SAFE_INTEGER).reduce((n, t) => n + t.count, 0);

describe('LiquidationBatcher', () => {
  afterEach(() => vi.useRealTimers());

  it('writes buffered events within one second by default, and at once when the buffer is full', () => {
    vi.useFakeTimers();
    const store = LiquidationStore.open(':memory:');
    const batcher = new LiquidationBatcher(store, { maxBatch: 100 });
    batcher.add([ev(1), ev(2)]);
    vi.advanceTimersByTime(999);
    expect(count(store)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(count(store)).toBe(2);
    batcher.add(Array.from({ length: 100 }, (_, i) => ev(10 + i)));
    expect(count(store)).toBe(102); // full buffer: no wait
    batcher.add([ev(1), ev(500)]); // one resend, one new
    batcher.close();
    expect([count(store), batcher.written, batcher.duplicates('okx'), batcher.stored('okx')]).toEqual([103, 103, 1, 103]);
    store.close();
  });

  it('keeps a refused batch and writes it on the next flush', () => {
    vi.useFakeTimers();
    const store = LiquidationStore.open(':memory:');
    const batcher = new LiquidationBatcher(store);
    const write = store.write.bind(store);
    let fail = true;
    store.write = (events) => {
      if (fail) throw new Error('SQLITE_BUSY: database is locked');
      return write(events);
    };
    batcher.add([ev(1)]);
    vi.advanceTimersByTime(1000);
    expect([count(store), batcher.waiting]).toEqual([0, 1]);
    fail = false;
    vi.advanceTimersByTime(1000);
    expect([count(store), batcher.waiting]).toEqual([1, 0]);
    batcher.close();
    store.close();
  });
});
