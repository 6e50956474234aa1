// Breadth and cross-asset references through the real ccxt against the exchange simulator: one fetchTickers
// over all USDT perpetuals counts the markets down on the day; PAXG (tokenized gold) is reported when listed
// and left out of the count; failures and too little data become Missing.
import type { MarketInterface, Ticker } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { breadthFromTickers } from '../../src/gather/breadth.ts';
import { buildSnapshot } from '../../src/gather/build-snapshot.ts';
import { createExchange } from '../../src/gather/exchange.ts';
import type { Candle } from '../../src/gather/types.ts';
import { MarketData } from '../../src/simulator/market-data.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2024-08-05T12:00:00Z');

/** 48 hourly candles ending at NOW: flat at `from` for a day, then moving linearly to `to` over the last day. */
function path(from: number, to: number): Candle[] {
  return Array.from({ length: 48 }, (_, i) => {
    const t = NOW - (48 - i) * HOUR;
    const k = Math.max(0, i - 23) / 24;
    const o = i < 24 ? from : from + (to - from) * ((i - 24) / 24);
    const c = i < 24 ? from : from + (to - from) * k;
    return { t, o, h: Math.max(o, c) * 1.001, l: Math.min(o, c) * 0.999, c, v: 10 };
  });
}

function market(moves: Record<string, [number, number]>): MarketData {
  const data = new MarketData();
  for (const [symbol, [from, to]] of Object.entries(moves)) data.addCandles(symbol, HOUR, path(from, to));
  return data;
}

const CRASH = {
  BTCUSDT: [60_000, 54_000],
  ETHUSDT: [3_000, 2_500],
  SOLUSDT: [150, 130],
  XRPUSDT: [0.6, 0.5],
  BNBUSDT: [550, 560],
  DOGEUSDT: [0.11, 0.1],
  PAXGUSDT: [2_400, 2_424],
} satisfies Record<string, [number, number]>;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function breadth(moves: Record<string, [number, number]>, fault?: 'server-error') {
  sim = await startSimulator({ data: market(moves), now: () => NOW });
  if (fault) sim.faults.add({ path: '/fapi/v1/ticker/24hr', kind: fault });
  const exchange = createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs: 2_000 });
  const snapshot = await buildSnapshot({
    exchange,
    coins: ['BTC'],
    quote: 'USDT',
    now: NOW,
    retry: { retries: 0, minTimeoutMs: 10 },
  });
  // Breadth and the tracked coins' tickers share one fetchTickers call.
  expect(sim.calls.filter((c) => c.path === '/fapi/v1/ticker/24hr')).toHaveLength(1);
  return snapshot.breadth!;
}

describe('breadth in the snapshot', () => {
  it('counts the perpetuals down on the day and reports tokenized gold apart', async () => {
    const part = await breadth(CRASH);
    if (!part.ok) throw new Error(part.reason);
    expect(part.source).toBe('Binance USD-M fetchTickers (all USDT perpetuals)');
    expect(part.value).toMatchObject({ markets: 6, down: 5, up: 1 });
    expect(part.value.downSharePct).toBeCloseTo((5 / 6) * 100, 6);
    // The median of the six changes: ETH -16.7, SOL -13.3, XRP -16.7, DOGE -9.1, BTC -10, BNB +1.8 -> (-13.3 + -10) / 2.
    expect(part.value.medianChangePct).toBeCloseTo((-13.333 + -10) / 2, 1);
    expect(part.value.references).toEqual({
      PAXG: {
        base: 'PAXG',
        label: 'tokenized gold (PAXG)',
        symbol: 'PAXG/USDT:USDT',
        price: 2_424,
        changePct: 1,
        at: expect.any(Number),
      },
    });
    expect(part.asOf).toBeLessThanOrEqual(NOW);
    expect(NOW - part.asOf).toBeLessThan(HOUR);
    expect(sim!.calls.filter((c) => c.path === '/fapi/v1/ticker/24hr')).toHaveLength(1);
  });

  it('leaves the gold reference out when the exchange does not list it', async () => {
    const { PAXGUSDT: _, ...noGold } = CRASH;
    const part = await breadth(noGold);
    expect(part.ok && part.value.references).toEqual({});
    expect(part.ok && part.value.markets).toBe(6);
  });

  it('is missing, with the reason, when the tickers call fails', async () => {
    expect(await breadth(CRASH, 'server-error')).toMatchObject({ ok: false, reason: 'exchange unavailable (5xx)' });
  });

  it('is missing when too few markets have a 24h change to make a breadth figure', async () => {
    expect(
      await breadth({ BTCUSDT: [60_000, 54_000], ETHUSDT: [3_000, 2_500], PAXGUSDT: [2_400, 2_424] }),
    ).toMatchObject({
      ok: false,
      reason: 'only 2 perpetual markets with a fresh 24h change',
    });
  });
});

describe('breadthFromTickers', () => {
  it('does not count stale tickers or tickers without a change', () => {
    const bases = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    const perps = bases.map(
      (base) =>
        ({
          symbol: `${base}/USDT:USDT`,
          base,
          quote: 'USDT',
          settle: 'USDT',
          swap: true,
          linear: true,
          active: true,
        }) as unknown as MarketInterface,
    );
    const tickers: Record<string, Ticker> = {};
    bases.forEach((b, i) => {
      tickers[`${b}/USDT:USDT`] = {
        symbol: `${b}/USDT:USDT`,
        timestamp: NOW - 60_000,
        last: 1,
        percentage: i < 5 ? -1 : 2,
      } as Ticker;
    });
    tickers['A/USDT:USDT']!.timestamp = NOW - 2 * HOUR; // stale
    tickers['B/USDT:USDT']!.percentage = undefined; // no change reported
    expect(breadthFromTickers(perps, tickers, NOW, {})).toMatchObject({ breadth: { markets: 5, down: 3, up: 2 } });
  });
});
