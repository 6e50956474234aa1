// The snapshot is built by the real ccxt against the exchange simulator: every source, and each failure mode
// (429, 500, stall, markets down) leaving only its own part missing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/gather/build-snapshot.ts';
import { createExchange } from '../../src/gather/exchange.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const HOUR = 3_600_000;
const START = Date.parse('2024-06-01T00:00:00Z');
const NOW = START + 60 * 24 * HOUR; // the end of 60 days of synthetic data
const COINS = ['BTC', 'ETH', 'BNB', 'SOL', 'XRP'];

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ data: syntheticMarket({ start: START, hours: 60 * 24 }), now: () => NOW });
});
afterEach(async () => {
  await sim.close();
});

const build = (coins = COINS, timeoutMs = 2_000) =>
  buildSnapshot({
    exchange: createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs }),
    coins,
    quote: 'USDT',
    now: NOW,
    retry: { retries: 1, minTimeoutMs: 10 },
  });

describe('buildSnapshot through ccxt and the simulator', () => {
  it('fills every part for every tracked coin', async () => {
    const s = await build();
    expect(s.builtAt).toBe(NOW);
    expect(s.exchangeName).toBe('Binance USD-M');
    if (!s.tickers.ok) throw new Error(s.tickers.reason);
    expect(Object.keys(s.tickers.value).sort()).toEqual([...COINS].sort());
    const btc = s.tickers.value.BTC!;
    const hourly = s.hourly.BTC!;
    if (!hourly.ok) throw new Error(hourly.reason);
    // The ticker's price is the close of the last closed hourly candle; its change is over the last 24 candles.
    const last = hourly.value[hourly.value.length - 1]!;
    expect(btc.price).toBeCloseTo(last.c, 2);
    const dayAgo = hourly.value[hourly.value.length - 24]!;
    expect(btc.changePct).toBeCloseTo(((last.c - dayAgo.o) / dayAgo.o) * 100, 2);
    expect(hourly.value).toHaveLength(30 * 24);
    expect(last.t + HOUR).toBeLessThanOrEqual(NOW);
    const daily = s.daily.BTC!;
    if (!daily.ok) throw new Error(daily.reason);
    expect(daily.value).toHaveLength(60);
    expect(daily.value.every((c) => c.t % (24 * HOUR) === 0)).toBe(true);
    const oi = s.openInterest.ETH!;
    if (!oi.ok) throw new Error(oi.reason);
    expect(oi.value.length).toBeGreaterThan(700);
    expect(oi.value[0]!.t).toBeGreaterThanOrEqual(NOW - 30 * 24 * HOUR);
    expect(oi.value.every((p) => p.usd > 0)).toBe(true);
    if (!s.funding.ok) throw new Error(s.funding.reason);
    expect(Object.keys(s.funding.value).sort()).toEqual([...COINS].sort());
    expect(sim.calls.every((c) => c.status === 200)).toBe(true);
  });

  it('live, fetches the last four hours of one-minute candles, so the wick of the hour still open is known', async () => {
    await sim.close();
    sim = await startSimulator({
      data: syntheticMarket({ start: NOW - 2 * 24 * HOUR, hours: 2 * 24 + 1, intervalMs: 60_000 }),
      now: () => NOW + 30 * 60_000,
    });
    const s = await buildSnapshot({
      exchange: createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs: 2_000 }),
      coins: ['BTC'],
      quote: 'USDT',
      now: NOW + 30 * 60_000,
      retry: { retries: 1, minTimeoutMs: 10 },
    });
    const fine = s.fine?.BTC;
    if (!fine?.ok) throw new Error(fine?.reason ?? 'no fine part');
    expect(fine.coverage?.intervalMs).toBe(60_000);
    expect(fine.value).toHaveLength(240);
    // The last closed minute is the one before the build's moment, past the last closed hour.
    expect(fine.value.at(-1)!.t).toBe(NOW + 29 * 60_000);
  });

  it('live, without minute candles from the exchange the fine part is missing and the rest builds', async () => {
    const s = await build(['BTC']);
    expect(s.fine?.BTC?.ok).toBe(false);
    expect(s.hourly.BTC?.ok).toBe(true);
  });

  it('marks a coin the exchange does not list as missing, with the reason', async () => {
    const s = await build(['BTC', 'DOGE']);
    expect(s.hourly.DOGE).toMatchObject({ ok: false, reason: 'DOGE is not listed on Binance USD-M' });
    expect(s.tickers.ok && Object.keys(s.tickers.value)).toEqual(['BTC']);
  });

  it('leaves funding missing when the exchange keeps answering 429, and builds the rest', async () => {
    sim.faults.add({ path: '/fapi/v1/premiumIndex', kind: 'rate-limit' });
    const s = await build();
    expect(s.funding).toMatchObject({
      ok: false,
      reason: 'rate limited: Binance USD-M asked us to wait 1 s (rate limit)',
    });
    expect(s.tickers.ok).toBe(true);
    expect(s.hourly.BTC!.ok).toBe(true);
    expect(sim.calls.filter((c) => c.path === '/fapi/v1/premiumIndex')).toHaveLength(2); // one retry, after the Retry-After of 1 s
  });

  it('recovers from a single 429 by retrying', async () => {
    sim.faults.add({ path: '/fapi/v1/ticker/24hr', kind: 'rate-limit', times: 1 });
    const s = await build();
    expect(s.tickers.ok).toBe(true);
  });

  it('leaves candles missing on a 500, and builds the rest', async () => {
    sim.faults.add({ path: '/fapi/v1/klines', kind: 'server-error' });
    const s = await build(['BTC']);
    expect(s.hourly.BTC).toMatchObject({ ok: false, reason: 'exchange unavailable (5xx)' });
    expect(s.daily.BTC).toMatchObject({ ok: false });
    expect(s.tickers.ok).toBe(true);
    expect(s.openInterest.BTC!.ok).toBe(true);
  });

  it('gives up on a stalled source at the client timeout, without retrying it', async () => {
    sim.faults.add({ path: '/futures/data/openInterestHist', kind: 'stall' });
    // the usual client timeout: a short one also timed out healthy calls on a loaded machine
    const s = await build(['BTC']);
    expect(s.openInterest.BTC).toMatchObject({ ok: false, reason: 'timed out' });
    expect(s.tickers.ok).toBe(true);
    expect(sim.calls.filter((c) => c.path === '/futures/data/openInterestHist')).toHaveLength(2); // two pages, no retry
  });

  it('loads the markets anew once the exchange is back (ccxt would keep the failed load forever)', async () => {
    const exchange = createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs: 2_000 });
    const once = () =>
      buildSnapshot({ exchange, coins: ['BTC'], quote: 'USDT', now: NOW, retry: { retries: 0, minTimeoutMs: 10 } });
    sim.faults.add({ path: '/fapi/v1/exchangeInfo', kind: 'server-error', times: 1 });
    expect((await once()).tickers.ok).toBe(false);
    const recovered = await once();
    expect(recovered.tickers.ok).toBe(true);
    expect(sim.calls.filter((c) => c.path === '/fapi/v1/exchangeInfo').map((c) => c.status)).toEqual([500, 200]);
    await once(); // markets stay loaded: no third exchangeInfo call
    expect(sim.calls.filter((c) => c.path === '/fapi/v1/exchangeInfo')).toHaveLength(2);
  });

  it('still returns a snapshot, all parts missing, when markets cannot be loaded', async () => {
    sim.faults.add({ path: '/fapi/v1/exchangeInfo', kind: 'server-error' });
    const s = await build(['BTC']);
    expect(s.tickers).toMatchObject({ ok: false, reason: 'markets unavailable: exchange unavailable (5xx)' });
    expect(s.hourly.BTC!.ok).toBe(false);
    expect(s.funding.ok).toBe(false);
  });
});
