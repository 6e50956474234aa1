// Per-hour liquidation totals of a coin (the chart's bars) from a real SQLite store with known contents:
// exchanges and symbols of the coin summed, sides kept apart, hours nobody collected left out, never zero-filled.
import { afterEach, describe, expect, it } from 'vitest';
import { liquidationHours, liquidationsPart } from '../../src/gather/liquidations/summary.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { DAY_MS, type LiquidationEvent } from '../../src/store/liquidations/types.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
const repoOf = (store: ConstructorParameters<typeof SqliteLiquidationRepo>[0]) => new SqliteLiquidationRepo(store);

const H = 3_600_000;
/** 15:42:30 UTC: the current hour (15:00) is partly over. */
const NOW = Date.UTC(2026, 1, 6, 15, 42, 30);
const HOUR15 = Date.UTC(2026, 1, 6, 15);

function ev(
  exchange: string,
  coin: string,
  side: 'long' | 'short',
  usd: number,
  at: number,
  symbol = `${coin}/USDT:USDT`,
): LiquidationEvent {
  return { exchange, symbol, coin, side, amount: usd / 100, price: 100, usd, at };
}

describe('liquidationHours', () => {
  let store: LiquidationStore;
  afterEach(() => store?.close());

  it('sums each hour by side over exchanges and symbols of the coin, leaving other coins out', async () => {
    store = LiquidationStore.open(':memory:');
    const s = store.sessions.open('binanceusdm', HOUR15 - 3 * H);
    store.sessions.touch(s, NOW - 1000);
    const b = store.sessions.open('bybit', HOUR15 - 3 * H);
    store.sessions.touch(b, NOW - 1000);
    store.write([
      ev('binanceusdm', 'BTC', 'long', 1_000_000.25, HOUR15 - 2 * H + 5 * 60_000),
      ev('bybit', 'BTC', 'long', 500_000, HOUR15 - 2 * H + 59 * 60_000 + 59_999),
      ev('binanceusdm', 'BTC', 'short', 20_000, HOUR15 - 2 * H + 30 * 60_000),
      ev('binanceusdm', 'BTC', 'short', 7_000, HOUR15 + 40 * 60_000, 'BTC/USDC:USDC'),
      ev('binanceusdm', 'ETH', 'long', 99_000, HOUR15 - 2 * H + 10 * 60_000),
    ]);
    expect(await liquidationHours(repoOf(store), 'BTC', HOUR15 - 3 * H, NOW)).toEqual([
      { t: HOUR15 - 3 * H, longsUsd: 0, shortsUsd: 0 }, // collected, nothing liquidated
      { t: HOUR15 - 2 * H, longsUsd: 1_500_000.25, shortsUsd: 20_000 },
      { t: HOUR15 - H, longsUsd: 0, shortsUsd: 0 },
      { t: HOUR15, longsUsd: 0, shortsUsd: 7_000 }, // the hour so far
    ]);
    expect((await liquidationHours(repoOf(store), 'ETH', HOUR15 - 2 * H, NOW))[0]).toEqual({
      t: HOUR15 - 2 * H,
      longsUsd: 99_000,
      shortsUsd: 0,
    });
    expect(
      (await liquidationHours(repoOf(store), 'SOL', HOUR15 - 2 * H, NOW)).every(
        (h) => h.longsUsd === 0 && h.shortsUsd === 0,
      ),
    ).toBe(true);
  });

  it('leaves out hours no collector covered, even when data sits in them', async () => {
    store = LiquidationStore.open(':memory:');
    const first = store.sessions.open('okx', HOUR15 - 5 * H);
    store.sessions.close(first, HOUR15 - 4 * H + 10 * 60_000, 'disconnected');
    const second = store.sessions.open('okx', HOUR15 - H + 50 * 60_000);
    store.sessions.touch(second, NOW - 1000);
    store.write([
      ev('okx', 'BTC', 'long', 300, HOUR15 - 3 * H + 60_000),
      ev('okx', 'BTC', 'long', 400, HOUR15 - H + 55 * 60_000),
    ]);
    const hours = await liquidationHours(repoOf(store), 'BTC', HOUR15 - 6 * H, NOW);
    expect(hours.map((h) => (h.t - HOUR15) / H)).toEqual([-5, -4, -1, 0]);
    expect(hours[2]).toEqual({ t: HOUR15 - H, longsUsd: 400, shortsUsd: 0 });
  });

  it('is empty when nothing was ever collected', async () => {
    store = LiquidationStore.open(':memory:');
    store.write([ev('okx', 'BTC', 'long', 300, NOW - H)]);
    expect(await liquidationHours(repoOf(store), 'BTC', NOW - DAY_MS, NOW)).toEqual([]);
  });

  it('rides in the snapshot part for the tracked coins, over the last 30 days', async () => {
    store = LiquidationStore.open(':memory:');
    const s = store.sessions.open('binanceusdm', NOW - 40 * DAY_MS);
    store.sessions.touch(s, NOW - 1000);
    store.write([ev('binanceusdm', 'BTC', 'long', 1234, NOW - 2 * H)]);
    const part = await liquidationsPart(repoOf(store), NOW, { coins: ['BTC', 'ETH'] });
    if (!part.ok) throw new Error(part.reason);
    const btc = part.value.hourly?.BTC ?? [];
    expect(Object.keys(part.value.hourly ?? {})).toEqual(['BTC', 'ETH']);
    expect(btc[0]!.t).toBe(Math.floor((NOW - 30 * DAY_MS) / H) * H);
    expect(btc.at(-1)!.t).toBe(HOUR15);
    expect(btc.length).toBe(30 * 24 + 1);
    expect(btc.reduce((sum, h) => sum + h.longsUsd + h.shortsUsd, 0)).toBe(1234);
  });
});
