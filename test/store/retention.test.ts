// Retention: pruning removes buckets, largest-event periods, daily totals and sessions older than the
// cut-off, and leaves every total inside the kept days exactly as it was.
import { describe, expect, it } from 'vitest';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { DAY_MS, MINUTE_MS, type LiquidationEvent } from '../../src/store/liquidations/types.ts';

const NOW = Date.UTC(2026, 1, 6, 12, 30, 0);

function event(daysAgo: number, usd: number, side: 'long' | 'short' = 'long'): LiquidationEvent {
  return {
    exchange: 'binanceusdm',
    symbol: 'BTC/USDT:USDT',
    coin: 'BTC',
    side,
    amount: 1,
    price: usd,
    usd,
    at: NOW - daysAgo * DAY_MS,
  };
}

describe('retention', () => {
  it('prunes what is older than the retention and keeps the totals of what remains', () => {
    const store = LiquidationStore.open(':memory:');
    const events: LiquidationEvent[] = [];
    for (let d = 0; d < 40; d++) events.push(event(d + 0.25, 1000 + d), event(d + 0.5, 10 + d, 'short'));
    events.push(event(39, 9_999_999)); // the largest of all, too old to keep
    store.write(events);
    const sess = store.sessions.open('binanceusdm', NOW - 39 * DAY_MS);
    store.sessions.close(sess, NOW - 38 * DAY_MS, 'disconnected');
    const recent = store.sessions.open('binanceusdm', NOW - 10 * DAY_MS);
    store.sessions.touch(recent, NOW);

    const endMinute = Math.floor(NOW / MINUTE_MS);
    const startMinute = endMinute - 30 * 1440;
    const before = store.totals(startMinute, endMinute);
    const rowsBefore = store.db.prepare('SELECT COUNT(*) FROM liq_minutes').pluck().get() as number;
    expect(store.largest(endMinute - 40 * 1440, endMinute)?.cents).toBe(999_999_900);

    const removed = store.prune(NOW, 35);

    const cutoffMinute = Math.floor((NOW - 35 * DAY_MS) / MINUTE_MS);
    expect(store.db.prepare('SELECT COUNT(*) FROM liq_minutes WHERE minute < ?').pluck().get(cutoffMinute)).toBe(0);
    const rowsAfter = store.db.prepare('SELECT COUNT(*) FROM liq_minutes').pluck().get() as number;
    expect(removed.buckets).toBe(rowsBefore - rowsAfter);
    // events 35.25 .. 39.5 days old are gone: 5 days x 2 events, plus the big one
    expect(removed.buckets).toBe(11);
    expect(removed.events).toBe(11);
    expect(store.totals(startMinute, endMinute)).toEqual(before);
    expect(store.totals(endMinute - 40 * 1440, endMinute).reduce((n, t) => n + t.count, 0)).toBe(2 * 35);
    expect(store.largest(cutoffMinute, endMinute)?.cents).toBe(103_400); // 1000 + 34 days, in cents
    expect(
      store.daily(NOW - 40 * DAY_MS, NOW).every((d) => d.day >= Math.floor((NOW - 35 * DAY_MS) / DAY_MS) * DAY_MS),
    ).toBe(true);
    expect(removed.sessions).toBe(1);
    expect(store.coverage(NOW - 40 * DAY_MS, NOW, NOW).sessions.map((s) => s.id)).toEqual([recent]);
    store.close();
  });

  it('pruning twice removes nothing more', () => {
    const store = LiquidationStore.open(':memory:');
    store.write([event(50, 5), event(1, 7)]);
    expect(store.prune(NOW, 35).buckets).toBe(1);
    expect(store.prune(NOW, 35)).toEqual({ buckets: 0, events: 0, tops: 0, days: 0, sessions: 0 });
    store.close();
  });
});
