// The bucket tables against a brute-force model: for random events written in random batches (late
// ones included, and some sent again as an exchange does after a reconnect), every range sum per series,
// the largest event and the daily totals equal what a plain loop over the distinct events gives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { DAY_MS, MINUTE_MS, type LiquidationEvent } from '../../src/store/liquidations/types.ts';
import { coverWithPeriods } from '../../src/store/liquidations/window-query.ts';

const T0 = Date.UTC(2026, 1, 1, 22, 17, 31);
const SERIES = [
  { exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', coin: 'BTC' },
  { exchange: 'bybit', symbol: 'BTC/USDT:USDT', coin: 'BTC' },
  { exchange: 'okx', symbol: 'ETH/USDT:USDT', coin: 'ETH' },
] as const;

const eventArb = fc.record({
  s: fc.integer({ min: 0, max: SERIES.length - 1 }),
  side: fc.constantFrom('long' as const, 'short' as const),
  offset: fc.integer({ min: 0, max: 3 * DAY_MS }),
  usd: fc.double({ min: 0.01, max: 5_000_000, noNaN: true }),
});

function toEvent(e: { s: number; side: 'long' | 'short'; offset: number; usd: number }): LiquidationEvent {
  const s = SERIES[e.s]!;
  return { ...s, side: e.side, amount: e.usd / 50_000, price: 50_000, usd: e.usd, at: T0 + e.offset };
}

function bruteTotals(events: LiquidationEvent[], startMinute: number, endMinute: number) {
  const out = new Map<string, { count: number; cents: number }>();
  for (const e of events) {
    const m = Math.floor(e.at / MINUTE_MS);
    if (m < startMinute || m > endMinute) continue;
    const key = `${e.exchange}|${e.symbol}|${e.side}`;
    const t = out.get(key) ?? { count: 0, cents: 0 };
    t.count += 1;
    t.cents += Math.round(e.usd * 100);
    out.set(key, t);
  }
  return out;
}

describe('liquidation buckets', () => {
  it('range sums, largest and daily totals equal a brute-force count of the events', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 120 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: -60, max: 4400 }), fc.integer({ min: 0, max: 4400 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (raw, batchSizes, ranges, resends) => {
          const store = LiquidationStore.open(':memory:');
          try {
            const sent = raw.map(toEvent);
            // some events arrive again, later, in other batches (or the same one)
            for (const r of resends) sent.push({ ...sent[r % raw.length]! });
            const byKey = new Map(
              sent.map((e) => [`${e.exchange}|${e.symbol}|${e.side}|${e.at}|${e.amount}|${e.price}`, e]),
            );
            const events = [...byKey.values()];
            // write in batches of varying size, in arrival order that is not time order
            let i = 0;
            let stored = 0;
            for (let b = 0; i < sent.length; b++) {
              const size = batchSizes[b % batchSizes.length]!;
              stored += store.write(sent.slice(i, i + size)).stored;
              i += size;
            }
            expect(stored).toBe(events.length);
            const baseMinute = Math.floor(T0 / MINUTE_MS);
            for (const [a, len] of ranges) {
              const start = baseMinute + a;
              const end = start + len;
              const expected = bruteTotals(events, start, end);
              const got = new Map(
                store
                  .totals(start, end)
                  .map((t) => [`${t.exchange}|${t.symbol}|${t.side}`, { count: t.count, cents: t.cents }]),
              );
              expect(got).toEqual(expected);
              const inRange = events.filter(
                (e) => Math.floor(e.at / MINUTE_MS) >= start && Math.floor(e.at / MINUTE_MS) <= end,
              );
              const largest = store.largest(start, end);
              if (inRange.length === 0) expect(largest).toBeUndefined();
              else expect(largest?.cents).toBe(Math.max(...inRange.map((e) => Math.round(e.usd * 100))));
            }
            const daily = store.daily(T0, T0 + 3 * DAY_MS);
            const byDay = new Map<string, { count: number; cents: number }>();
            for (const e of events) {
              const key = `${Math.floor(e.at / DAY_MS) * DAY_MS}|${e.side}`;
              const t = byDay.get(key) ?? { count: 0, cents: 0 };
              t.count += 1;
              t.cents += Math.round(e.usd * 100);
              byDay.set(key, t);
            }
            expect(new Map(daily.map((d) => [`${d.day}|${d.side}`, { count: d.count, cents: d.cents }]))).toEqual(
              byDay,
            );
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a late event in an earlier minute is added to that minute and to every later range', () => {
    const store = LiquidationStore.open(':memory:');
    const at = (minute: number) => T0 + minute * MINUTE_MS;
    const e = (minute: number, usd: number): LiquidationEvent => ({
      ...SERIES[0],
      side: 'long',
      amount: 1,
      price: usd,
      usd,
      at: at(minute),
    });
    store.write([e(0, 100), e(10, 200), e(20, 300)]);
    store.write([e(5, 1000)]); // arrives late
    const m0 = Math.floor(at(0) / MINUTE_MS);
    const sum = (a: number, b: number) => store.totals(m0 + a, m0 + b).reduce((s, t) => s + t.cents, 0) / 100;
    expect(sum(0, 20)).toBe(1600);
    expect(sum(6, 20)).toBe(500);
    expect(sum(5, 5)).toBe(1000);
    expect(sum(11, 20)).toBe(300);
    expect(sum(21, 30)).toBe(0);
    expect(store.largest(m0, m0 + 20)).toMatchObject({
      cents: 100_000,
      at: at(5),
      exchange: 'binanceusdm',
      side: 'long',
    });
    store.close();
  });

  it('counts an event sent again (same exchange, symbol, side, time, size, price) once, in a later write or the same one', () => {
    const store = LiquidationStore.open(':memory:');
    const e = (ms: number, amount: number): LiquidationEvent => ({
      ...SERIES[1],
      side: 'short',
      amount,
      price: 50_000,
      usd: amount * 50_000,
      at: T0 + ms,
    });
    expect(store.write([e(0, 1), e(0, 1), e(1, 1)])).toMatchObject({
      stored: 2,
      duplicates: 1,
      duplicatesByExchange: { bybit: 1 },
    });
    expect(store.write([e(1, 1), e(0, 1), e(0, 2)])).toMatchObject({ stored: 1, duplicates: 2 });
    const m = Math.floor(T0 / MINUTE_MS);
    expect(store.totals(m, m)).toEqual([{ ...SERIES[1], side: 'short', count: 3, cents: 200_000_00 }]);
    expect(store.daily(T0, T0)[0]).toMatchObject({ count: 3, cents: 200_000_00 });
    store.close();
    // a second connection to the same file (a restarted process) recognises them too
    const dir = mkdtempSync(join(tmpdir(), 'whybot-dupe-'));
    try {
      const path = join(dir, 'db.sqlite');
      const first = LiquidationStore.open(path);
      first.write([e(0, 1), e(5, 3)]);
      first.close();
      const second = LiquidationStore.open(path);
      expect(second.write([e(5, 3), e(0, 1), e(9, 1)]).stored).toBe(1);
      expect(second.totals(m, m)[0]!.count).toBe(3);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('coverWithPeriods', () => {
  it('covers exactly the minutes asked for, each piece aligned to its scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000_000 }), fc.integer({ min: 0, max: 50_000 }), (start, len) => {
        const ranges = coverWithPeriods(start, start + len);
        const sorted = [...ranges].sort((a, b) => a.from - b.from);
        let cursor = start;
        for (const r of sorted) {
          expect(r.from).toBe(cursor);
          expect(r.to).toBeGreaterThan(r.from);
          expect(r.from % r.scale).toBe(0);
          expect(r.to % r.scale).toBe(0);
          cursor = r.to;
        }
        expect(cursor).toBe(start + len + 1);
        // never more than the ragged edges plus the whole days in between
        expect(ranges.length).toBeLessThanOrEqual(5);
      }),
    );
  });
});
