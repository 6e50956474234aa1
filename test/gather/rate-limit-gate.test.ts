// Retry-After is obeyed process-wide: the real ccxt clients (the snapshot builder's, the price watcher's, a
// liquidation collector's) against the exchange simulator answering 429 with Retry-After. The simulator counts
// what it receives: during the pause, exactly the first request, whoever asks and however often.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSnapshot } from '../../src/gather/build-snapshot.ts';
import { createExchange } from '../../src/gather/exchange.ts';
import { createLiquidationExchange } from '../../src/gather/liquidations/exchanges.ts';
import { createPriceExchange } from '../../src/gather/prices/price-exchange.ts';
import { parseRetryAfter, pausedUntil, UpstreamPausedError } from '../../src/gather/rate-limit-gate.ts';
import { MemoryUpstreamPause } from '../../src/gather/upstream-pause.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { runCli } from '../helpers/run-cli.ts';

const HOUR = 3_600_000;
const START = Date.parse('2024-06-01T00:00:00Z');
const NOW = START + 40 * 24 * HOUR;

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ data: syntheticMarket({ start: START, hours: 40 * 24 }), now: () => NOW });
});
afterEach(async () => {
  vi.useRealTimers();
  await sim.close();
});

const build = (exchange = createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs: 2_000 })) =>
  buildSnapshot({ exchange, coins: ['BTC', 'ETH'], quote: 'USDT', now: NOW });

describe('a 429 with Retry-After pauses every request to the exchange', () => {
  it('one snapshot build against Retry-After: 60 sends exactly one request, and says how long to wait', async () => {
    sim.faults.add({ path: '/fapi/v1/exchangeInfo', kind: 'rate-limit', retryAfterSeconds: 60 });
    const s = await build();
    expect(s.tickers).toMatchObject({
      ok: false,
      reason: 'markets unavailable: rate limited: Binance USD-M asked us to wait 60 s (rate limit)',
    });
    expect(sim.calls.map((c) => c.status)).toEqual([429]);
  });

  it('every client of the exchange in the process stays quiet until the pause ends, then asks again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-01-01T00:00:00Z'));
    sim.faults.add({ path: '/fapi/v1/exchangeInfo', kind: 'rate-limit', retryAfterSeconds: 60, times: 1 });
    const snapshotClient = createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs: 2_000 });
    await build(snapshotClient);
    expect(sim.calls).toHaveLength(1);
    // The snapshot builder again, a second builder, the price watcher's REST poll, a collector's markets load.
    await build(snapshotClient);
    await build();
    const prices = await createPriceExchange({ id: 'binanceusdm', restUrl: sim.url });
    await expect(prices.fetchTickers(['BTC/USDT:USDT'])).rejects.toBeInstanceOf(UpstreamPausedError);
    const collector = await createLiquidationExchange('binanceusdm', sim.url);
    await expect(collector.loadMarkets()).rejects.toThrow('Binance USD-M asked us to wait 60 s');
    expect(sim.calls).toHaveLength(1);
    expect(await pausedUntil(snapshotClient)).toBe(Date.parse('2026-01-01T00:01:00Z'));
    // 59 s later: still paused. 60 s later: the next build sends requests and gets prices.
    vi.setSystemTime(Date.parse('2026-01-01T00:00:59Z'));
    await build(snapshotClient);
    expect(sim.calls).toHaveLength(1);
    vi.setSystemTime(Date.parse('2026-01-01T00:01:00.001Z'));
    const recovered = await build(snapshotClient);
    expect(recovered.tickers.ok).toBe(true);
    expect(sim.calls.length).toBeGreaterThan(1);
    await Promise.all([prices.close(), collector.close()]);
  });

  it('waits out a short Retry-After before retrying (never sooner)', async () => {
    sim.faults.add({ path: '/fapi/v1/ticker/24hr', kind: 'rate-limit', retryAfterSeconds: 1, times: 1 });
    const s = await build();
    expect(s.tickers.ok).toBe(true);
    const tries = sim.calls.filter((c) => c.path === '/fapi/v1/ticker/24hr');
    expect(tries.map((c) => c.status)).toEqual([429, 200]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('a 429 without a wait is retried with backoff, and pauses nothing', async () => {
    sim.faults.add({ path: '/fapi/v1/ticker/24hr', kind: 'rate-limit', retryAfterSeconds: 0, times: 1 });
    const exchange = createExchange('binanceusdm', { baseUrl: sim.url, timeoutMs: 2_000 });
    const s = await build(exchange);
    expect(s.tickers.ok).toBe(true);
    expect(sim.calls.filter((c) => c.path === '/fapi/v1/ticker/24hr').map((c) => c.status)).toEqual([429, 200]);
    expect(await pausedUntil(exchange)).toBeUndefined();
  });

  it('keeps the later of two pauses', async () => {
    const pause = new MemoryUpstreamPause();
    expect(await pause.get('x')).toBeUndefined();
    await pause.set('x', Date.now() + 60_000);
    await pause.set('x', Date.now() + 1_000); // an earlier end never shortens a pause
    expect((await pause.get('x'))! - Date.now()).toBeGreaterThan(50_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('60', now)).toBe(60_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('whybot why against a 429 with Retry-After: 60', () => {
  it('sends one request, exits 1 and tells the user when data is back', async () => {
    sim.faults.add({ path: '/fapi/v1/exchangeInfo', kind: 'rate-limit', retryAfterSeconds: 60 });
    const env = {
      WHYBOT_EXCHANGE_URL: sim.url,
      WHYBOT_SENTIMENT: 'off',
      WHYBOT_DB_PATH: join(mkdtempSync(join(tmpdir(), 'whybot-429-')), 'whybot.sqlite'),
      LOG_LEVEL: 'silent',
    };
    const { code, err } = await runCli(['why'], env);
    expect(err).toMatch(
      /^whybot: Binance USD-M asked us to wait (60|59) s \(rate limit\), so market data is back at \d\d:\d\d:\d\d UTC\. Please try again then\.\n$/,
    );
    expect(code).toBe(1);
    expect(sim.calls).toHaveLength(1);
  });
});
