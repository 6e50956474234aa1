// The snapshot's liquidation summary from a store with known contents: window edges, sides, coins,
// exchanges, largest, coverage; windows and days nobody collected are left out, never zero-filled.
import { afterEach, describe, expect, it } from 'vitest';
import {
  dailyBaseline,
  liquidationsPart,
  liquidationWindow,
  summariseLiquidations,
} from '../../src/gather/liquidations/summary.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { DAY_MS, MINUTE_MS, type LiquidationEvent } from '../../src/store/liquidations/types.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
const repoOf = (store: ConstructorParameters<typeof SqliteLiquidationRepo>[0]) => new SqliteLiquidationRepo(store);

const NOW = Date.UTC(2026, 1, 6, 15, 42, 30);
const H = 3_600_000;

function ev(exchange: string, coin: string, side: 'long' | 'short', usd: number, agoMs: number): LiquidationEvent {
  return { exchange, symbol: `${coin}/USDT:USDT`, coin, side, amount: usd / 100, price: 100, usd, at: NOW - agoMs };
}

describe('liquidation summary', () => {
  let store: LiquidationStore;
  afterEach(() => store?.close());

  it('is Missing, not zeros, when nothing was ever collected', async () => {
    store = LiquidationStore.open(':memory:');
    store.write([ev('okx', 'BTC', 'long', 1000, 60_000)]); // data, but no collector session covers any window
    expect(await summariseLiquidations(repoOf(store), NOW)).toEqual({ windows: {}, daily: [] });
    const part = await liquidationsPart(repoOf(store), NOW);
    expect(part.ok).toBe(false);
  });

  it('sums each window by side, coin and exchange, with its largest event and coverage', async () => {
    store = LiquidationStore.open(':memory:');
    const s1 = store.sessions.open('binanceusdm', NOW - 3 * DAY_MS);
    store.sessions.touch(s1, NOW - 1000);
    const s2 = store.sessions.open('bybit', NOW - 2 * H);
    store.sessions.close(s2, NOW - H, 'disconnected');
    store.write([
      ev('binanceusdm', 'BTC', 'long', 1_000_000, 10 * 60_000),
      ev('bybit', 'BTC', 'short', 250_000.55, 90 * 60_000),
      ev('binanceusdm', 'ETH', 'long', 40_000.1, 3 * H),
      ev('binanceusdm', 'ETH', 'short', 5_000, 2 * DAY_MS),
    ]);

    const h1 = (await liquidationWindow(repoOf(store), '1h', NOW))!;
    expect(h1).toMatchObject({
      window: '1h',
      longsUsd: 1_000_000,
      shortsUsd: 0,
      count: 1,
      totalUsd: 1_000_000,
      to: NOW,
    });
    expect(h1.from).toBe(Math.ceil((NOW - H) / MINUTE_MS) * MINUTE_MS);
    expect(h1.coverage.exchanges).toEqual(['binanceusdm']);
    expect(h1.coverage.collectedShare).toBeCloseTo(1, 6);

    const h4 = (await liquidationWindow(repoOf(store), '4h', NOW))!;
    expect(h4).toMatchObject({ longsUsd: 1_040_000.1, shortsUsd: 250_000.55, count: 3 });
    expect(h4.byCoin).toEqual({
      BTC: { longsUsd: 1_000_000, shortsUsd: 250_000.55, count: 2 },
      ETH: { longsUsd: 40_000.1, shortsUsd: 0, count: 1 },
    });
    expect(h4.byExchange).toEqual({
      binanceusdm: { longsUsd: 1_040_000.1, shortsUsd: 0, count: 2 },
      bybit: { longsUsd: 0, shortsUsd: 250_000.55, count: 1 },
    });
    expect(h4.coverage.exchanges).toEqual(['binanceusdm', 'bybit']);
    // byCoin can be limited to the tracked coins; the totals still count everything
    const onlyEth = (await liquidationWindow(repoOf(store), '4h', NOW, { coins: ['ETH'] }))!;
    expect(Object.keys(onlyEth.byCoin)).toEqual(['ETH']);
    expect(onlyEth.totalUsd).toBe(h4.totalUsd);
    expect(h4.largest).toEqual({
      exchange: 'binanceusdm',
      symbol: 'BTC/USDT:USDT',
      coin: 'BTC',
      side: 'long',
      usd: 1_000_000,
      at: NOW - 10 * 60_000,
    });

    const d7 = (await liquidationWindow(repoOf(store), '7d', NOW))!;
    expect(d7.count).toBe(4);
    expect(d7.coverage.collectedShare).toBeCloseTo((3 * DAY_MS - 1000) / (7 * DAY_MS), 3);
    expect(d7.coverage.collectingSince).toBe(NOW - 3 * DAY_MS);
  });

  it('leaves out days no collector covered in the daily baseline', async () => {
    store = LiquidationStore.open(':memory:');
    const today = Math.floor(NOW / DAY_MS) * DAY_MS;
    const s = store.sessions.open('okx', today - DAY_MS + 12 * H); // from noon yesterday
    store.sessions.touch(s, NOW);
    store.write([
      ev('okx', 'SOL', 'long', 700, NOW - (today - DAY_MS + 13 * H)),
      ev('okx', 'SOL', 'long', 900, 5 * DAY_MS),
    ]);
    const daily = await dailyBaseline(repoOf(store), NOW);
    expect(daily.map((d) => d.day)).toEqual([today - DAY_MS, today]);
    expect(daily[0]).toMatchObject({ longsUsd: 700, shortsUsd: 0, count: 1 });
    expect(daily[0]!.collectedShare).toBeCloseTo(0.5, 9);
    expect(daily[1]).toMatchObject({ longsUsd: 0, shortsUsd: 0, count: 0, collectedShare: 1 });
  });

  it('gives the snapshot part a source naming the exchanges and the time the data runs to', async () => {
    store = LiquidationStore.open(':memory:');
    const a = store.sessions.open('binanceusdm', NOW - DAY_MS);
    store.sessions.touch(a, NOW - 500);
    const b = store.sessions.open('okx', NOW - DAY_MS);
    store.sessions.touch(b, NOW - 500);
    store.write([ev('okx', 'BTC', 'long', 10, 1000)]);
    const part = await liquidationsPart(repoOf(store), NOW);
    expect(part.ok).toBe(true);
    if (part.ok) {
      expect(part.source).toBe('whybot liquidation collector (Binance USD-M and OKX websocket streams)');
      expect(part.asOf).toBe(NOW);
      expect(part.value.windows['24h']?.longsUsd).toBe(10);
    }
    // the collector died an hour ago: the data runs to its last heartbeat
    const later = await liquidationsPart(repoOf(store), NOW + H);
    expect(later.ok && later.asOf).toBe(NOW - 500);
  });
});
