// A snapshot of a past moment through the real ccxt against the exchange simulator (its clock 80 days after the
// data began): the price and 24h change come from the hourly candles closed by then, funding from the funding
// history at that moment, open interest only as far back as the exchange keeps it (30 days), liquidations are
// read for that moment, and a moment before every candle is refused with the first day the exchange has.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExchange } from '../../src/gather/exchange.ts';
import { BeforeHistoryError, buildPastSnapshot } from '../../src/gather/past-snapshot.ts';
import type { MarketData } from '../../src/simulator/market-data.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2024-06-01T00:00:00Z');
const NOW = START + 80 * DAY;
const COINS = ['BTC', 'ETH'];

let sim: Simulator;
let data: MarketData;
beforeEach(async () => {
  data = syntheticMarket({ start: START, hours: 80 * 24, coins: { BTC: 60_000, ETH: 3_000 } });
  sim = await startSimulator({ data, now: () => NOW });
});
afterEach(async () => {
  await sim.close();
});

const past = (at: number, asked: number[] = []) =>
  buildPastSnapshot({
    exchange: createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs: 5_000 }),
    coins: COINS,
    quote: 'USDT',
    at,
    retry: { retries: 0, minTimeoutMs: 10 },
    sources: [
      {
        part: 'liquidations',
        name: 'whybot liquidation store',
        settings: [],
        timeoutMs: 1_000,
        fetch: ({ now }) => {
          asked.push(now);
          return { ok: false, source: 'whybot liquidation store', reason: 'no liquidations collected then' };
        },
      },
      {
        part: 'holders',
        name: 'holders file',
        settings: [],
        timeoutMs: 1_000,
        fetch: () => ({ ok: true, source: 'holders file', asOf: NOW, value: [] }),
      },
    ],
  });

describe('GIVEN 80 days of market data and a moment 60 days back', () => {
  it('THEN the price, change and funding are those of that moment, labelled as recorded data at it', async () => {
    const at = START + 20 * DAY + 5 * HOUR;
    const asked: number[] = [];
    const s = await past(at, asked);
    expect(s.builtAt).toBe(at);
    expect(s.replay?.at).toBe(at);
    // the store is read for that moment; today's holders file is left out of a past day
    expect(asked).toEqual([at]);
    expect(s.liquidations).toMatchObject({ ok: false, reason: 'no liquidations collected then' });
    expect(s.holders).toBeUndefined();
    if (!s.tickers.ok) throw new Error(s.tickers.reason);
    const hourly = data.candles('BTCUSDT', HOUR, NOW).filter((c) => c.t + HOUR <= at);
    const last = hourly.at(-1)!;
    const dayAgo = hourly.find((c) => c.t === last.t + HOUR - DAY)!;
    expect(s.tickers.value.BTC).toMatchObject({ price: last.c, at: at });
    expect(s.tickers.value.BTC!.changePct).toBeCloseTo((last.c / dayAgo.o - 1) * 100, 9);
    if (!s.funding.ok) throw new Error(s.funding.reason);
    expect(s.funding.source).toBe('Binance USD-M funding rate history');
    expect(s.funding.value.ETH!.rate).toBeCloseTo(data.fundingAt('ETHUSDT', at)!.rate, 12);
    expect(s.funding.value.ETH!.at).toBe(data.fundingAt('ETHUSDT', at)!.t);
    const daily = s.daily.BTC!;
    if (!daily.ok) throw new Error(daily.reason);
    expect(daily.value.at(-1)!.t + DAY).toBeLessThanOrEqual(at);
    expect(daily.value).toHaveLength(20);
    // 60 days ago is past the 30 days the exchange keeps: open interest is missing, not made up.
    expect(s.openInterest.BTC!.ok).toBe(false);
  });

  it('THEN a moment within 30 days has its open interest up to that moment', async () => {
    const at = NOW - 10 * DAY;
    const s = await past(at);
    const oi = s.openInterest.BTC!;
    if (!oi.ok) throw new Error(oi.reason);
    expect(oi.value.at(-1)!.t).toBeLessThanOrEqual(at);
    expect(oi.asOf).toBeGreaterThan(at - 2 * HOUR);
  });

  it('THEN a moment before the first candle is refused with the first day the exchange has', async () => {
    const error = await past(START - 3 * DAY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BeforeHistoryError);
    expect((error as BeforeHistoryError).firstDay).toBe(START);
  });
});
