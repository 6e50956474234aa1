// Test data for the exchange simulator: a deterministic market (seeded random walk) for several coins,
// with hourly candles, 5-minute open interest and funding, so every gather source has something to read.
import { MarketData } from '../../src/simulator/market-data.ts';
import type { Candle } from '../../src/gather/types.ts';

const HOUR = 3_600_000;

/** A small seeded PRNG (mulberry32) so the synthetic market is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options for syntheticMarket. */
export interface SyntheticOptions {
  coins?: Record<string, number>; // coin -> starting price
  start?: number;
  hours?: number;
  /** Candle length in ms (default one hour); shorter candles keep tickers fresh in tests on the real clock. */
  intervalMs?: number;
  seed?: number;
  /** Percent drift per hour applied over the last 24 hours (e.g. -0.5 for a falling day). */
  lastDayDriftPct?: number;
  withOpenInterest?: boolean;
  withFunding?: boolean;
}

/** Build MarketData for the simulator from a seeded random walk. */
export function syntheticMarket(options: SyntheticOptions = {}): MarketData {
  const coins = options.coins ?? { BTC: 60_000, ETH: 3_000, BNB: 550, SOL: 150, XRP: 0.6 };
  const start = options.start ?? Date.parse('2024-06-01T00:00:00Z');
  const hours = options.hours ?? 24 * 60;
  const step = options.intervalMs ?? HOUR;
  const perHour = HOUR / step;
  const rand = seeded(options.seed ?? 7);
  const data = new MarketData();
  for (const [coin, first] of Object.entries(coins)) {
    const candles: Candle[] = [];
    let price = first;
    const count = hours * perHour;
    for (let i = 0; i < count; i++) {
      const drift = i >= count - 24 * perHour ? (options.lastDayDriftPct ?? 0) / 100 / perHour : 0;
      const open = price;
      price = open * (1 + drift + ((rand() - 0.5) * 0.01) / Math.sqrt(perHour));
      const high = Math.max(open, price) * (1 + rand() * 0.003);
      const low = Math.min(open, price) * (1 - rand() * 0.003);
      candles.push({ t: start + i * step, o: open, h: high, l: low, c: price, v: 100 + rand() * 50 });
    }
    const symbol = `${coin}USDT`;
    data.addCandles(symbol, step, candles);
    if (options.withOpenInterest !== false) {
      data.addOpenInterest(
        symbol,
        candles
          .filter((_, i) => i % perHour === 0)
          .map((c, i) => ({
            t: c.t + HOUR,
            usd: 1e9 * (1 + i / hours) * (first / 1000),
            coins: (1e9 * (1 + i / hours)) / c.c,
          })),
      );
    }
    if (options.withFunding !== false) {
      data.addFunding(
        symbol,
        candles
          .filter((_, i) => i % (8 * perHour) === 0)
          .map((c) => ({ t: c.t, rate: (rand() - 0.6) * 0.0002, intervalHours: 8 })),
      );
    }
  }
  return data;
}
