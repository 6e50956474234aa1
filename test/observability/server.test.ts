// The health and metrics server, over the real bot: the Telegram adapter (telegraf against the fake Telegram),
// the real services over the exchange simulator (ccxt), and the liquidation collector over the liquidation
// simulator. /healthz follows the adapters and the data; /metrics counts what really happened.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createArticleWriter } from '../../src/app/article-writer.ts';
import { createServices, type RunningServices } from '../../src/app/create-services.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startCollectors } from '../../src/gather/liquidations/collectors.ts';
import { metricsRegistry } from '../../src/observability/metrics.ts';
import { ObservabilityListenError, startObservabilityServer } from '../../src/observability/server.ts';
import { startHealthServer, type HealthServer } from '../../src/app/start-health-server.ts';
import { startLiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { waitUntil } from '../helpers/testkit.ts';
import { FAST, tempDb } from '../liquidations/helpers.ts';

const HOUR = 3_600_000;
const START = Date.parse('2024-06-01T00:00:00Z');
const NOW = START + 60 * 24 * HOUR;

/** The value of one sample in Prometheus text, matched by name and (a subset of) labels; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

async function get(url: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('startObservabilityServer', () => {
  it('answers /healthz (liveness) and /readyz (readiness) with the report, /metrics in Prometheus format, and nothing else', async () => {
    let ok = true;
    const server = await startObservabilityServer({
      port: 0,
      host: '127.0.0.1',
      registry: metricsRegistry,
      health: () => ({
        ok,
        live: true,
        ready: ok,
        upstream: { ok: true },
        reasons: ok ? [] : ['discord is not connected'],
        adapters: { discord: ok },
        dependencies: {},
        data: { state: 'not built yet' },
        uptimeSeconds: 1,
      }),
    });
    try {
      const healthy = await get(`${server.url}/healthz`);
      expect(healthy.status).toBe(200);
      expect(healthy.type).toContain('application/json');
      expect(JSON.parse(healthy.text)).toMatchObject({ ok: true, adapters: { discord: true } });
      expect((await get(`${server.url}/readyz`)).status).toBe(200);
      ok = false;
      const sick = await get(`${server.url}/readyz`);
      expect(sick.status).toBe(503);
      expect(JSON.parse(sick.text)).toMatchObject({ ok: false, ready: false, reasons: ['discord is not connected'] });
      expect((await get(`${server.url}/healthz`)).status).toBe(200); // still live: a disconnected adapter reconnects by itself
      const metrics = await get(`${server.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.type).toContain('text/plain');
      for (const name of [
        'whybot_commands_total',
        'whybot_reply_duration_seconds',
        'whybot_snapshot_builds_total',
        'whybot_upstream_calls_total',
        'whybot_upstream_errors_total',
        'whybot_liquidation_events_total',
        'whybot_posts_total',
      ]) {
        expect(metrics.text).toContain(`# TYPE ${name} `);
      }
      expect((await get(`${server.url}/`)).status).toBe(404);
      expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
      const taken = await startObservabilityServer({
        port: server.port,
        host: '127.0.0.1',
        registry: metricsRegistry,
        health: () => ({
          ok,
          live: true,
          ready: true,
          upstream: { ok: true },
          reasons: [],
          adapters: {},
          dependencies: {},
          data: { state: 'not built yet' },
          uptimeSeconds: 0,
        }),
      }).catch((e: unknown) => e);
      expect(taken).toBeInstanceOf(ObservabilityListenError);
      expect((taken as Error).message).toMatch(/port is already in use.*WHYBOT_HEALTH_PORT/);
    } finally {
      await server.close();
    }
  });
});

describe('health and metrics of a running bot', () => {
  let sim: Simulator;
  let telegram: FakeTelegram;
  let services: RunningServices;
  let bot: RunningBot;
  let health: HealthServer;
  let stopping = false;

  beforeAll(async () => {
    sim = await startSimulator({ data: syntheticMarket({ start: START, hours: 60 * 24 }), now: () => NOW });
    telegram = await startFakeTelegram();
    const config = loadConfig(
      {
        TELEGRAM_TOKEN: '123456:metrics-test-token',
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_PER_CHAT_INTERVAL_MS: '10',
        WHYBOT_HEALTH_PORT: '0',
        WHYBOT_SENTIMENT: 'off',
        LOG_LEVEL: 'silent',
      },
      PLATFORMS,
    );
    services = createServices({
      config,
      writer: createArticleWriter(config),
      now: () => NOW,
      exchangeUrl: sim.url,
      retry: { retries: 0, minTimeoutMs: 1 },
    });
    bot = await runBot(config, services, { logger: pino({ level: 'silent' }) });
    health = (await startHealthServer(config, { services, adapters: () => bot.status(), stopping: () => stopping }))!;
  });

  afterAll(async () => {
    await health?.close();
    await bot?.stop();
    services?.close();
    await telegram?.close();
    await sim?.close();
  });

  it('is healthy once the adapters are connected, before any data was asked for', async () => {
    const res = await get(`${health.url}/healthz`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({
      ok: true,
      adapters: { telegram: true },
      data: { state: 'not built yet' },
    });
  });

  it('counts a /why served on Telegram, its latency, the snapshot build and the upstream calls', async () => {
    const before = (await get(`${health.url}/metrics`)).text;
    telegram.sendUserMessage({ chatId: 501, text: '/why' });
    await telegram.waitForCalls('sendMessage', 1);
    const after = (await get(`${health.url}/metrics`)).text;
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('whybot_commands_total', { command: 'why', platform: 'telegram', outcome: 'ok' })).toBe(1);
    expect(delta('whybot_reply_duration_seconds_count', { command: 'why', platform: 'telegram' })).toBe(1);
    expect(delta('whybot_snapshot_builds_total', { outcome: 'ok' })).toBe(1);
    expect(delta('whybot_upstream_calls_total', { source: 'Binance USD-M fetchTickers' })).toBe(1);
    expect(delta('whybot_upstream_calls_total', { source: 'Binance USD-M hourly candles' })).toBe(5); // one per tracked coin
    expect(sample(after, 'whybot_adapter_connected', { adapter: 'telegram' })).toBe(1);
    expect(after).toMatch(/^whybot_snapshot_age_seconds \d/m);
    expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(JSON.parse((await get(`${health.url}/healthz`)).text)).toMatchObject({ ok: true, data: { state: 'fresh' } });
  });

  it('counts a moderator command refused in a group', async () => {
    const before = (await get(`${health.url}/metrics`)).text;
    const sent = telegram.callsOf('sendMessage').length;
    telegram.sendUserMessage({ chatId: -777, chatType: 'group', fromId: 9, text: '/digest' });
    await telegram.waitForCalls('sendMessage', sent + 1);
    const after = (await get(`${health.url}/metrics`)).text;
    expect(
      sample(after, 'whybot_commands_total', { command: 'digest', platform: 'telegram', outcome: 'refused' }) -
        sample(before, 'whybot_commands_total', { command: 'digest', platform: 'telegram', outcome: 'refused' }),
    ).toBe(1);
  });

  it('counts upstream errors by source; while prices are unavailable it stays live and ready and says why in `upstream`', async () => {
    const before = (await get(`${health.url}/metrics`)).text;
    sim.faults.add({ path: '/fapi/v1/premiumIndex', kind: 'server-error' });
    sim.faults.add({ path: '/fapi/v1/ticker/24hr', kind: 'server-error' });
    services.cache.clear();
    await services.snapshot();
    const after = (await get(`${health.url}/metrics`)).text;
    expect(
      sample(after, 'whybot_upstream_errors_total', { source: 'Binance USD-M funding rates', kind: 'unavailable' }) -
        sample(before, 'whybot_upstream_errors_total', { source: 'Binance USD-M funding rates', kind: 'unavailable' }),
    ).toBe(1);
    expect(
      sample(after, 'whybot_snapshot_builds_total', { outcome: 'no_prices' }) -
        sample(before, 'whybot_snapshot_builds_total', { outcome: 'no_prices' }),
    ).toBe(1);
    const res = await get(`${health.url}/healthz`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({
      ok: false,
      live: true,
      ready: true,
      upstream: { ok: false, reason: 'market data unavailable: exchange unavailable (5xx)' },
      reasons: ['market data unavailable: exchange unavailable (5xx)'],
      data: { state: 'failing' },
    });
    expect((await get(`${health.url}/readyz`)).status).toBe(200);
    sim.faults.clear();
    services.cache.clear();
    await services.snapshot();
    expect((await get(`${health.url}/healthz`)).status).toBe(200);
  });

  it('answers 503 on both once shutdown has begun', async () => {
    stopping = true;
    expect((await get(`${health.url}/readyz`)).status).toBe(503);
    const res = await get(`${health.url}/healthz`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text).reasons).toContain('shutting down');
  });
});

describe('liquidation events metric', () => {
  it('counts events ingested from the real websocket stream, by exchange', async () => {
    const liq = await startLiquidationSimulator({ coins: ['BTC', 'ETH'] });
    const db = tempDb();
    const store = LiquidationStore.open(db.path);
    const collectors = startCollectors({
      exchanges: ['binanceusdm'],
      coins: ['BTC', 'ETH'],
      store: new SqliteLiquidationRepo(store),
      urls: liq.urls(),
      tuning: FAST,
    });
    const counted = async () =>
      sample(await metricsRegistry.metrics(), 'whybot_liquidation_events_total', { exchange: 'binanceusdm' });
    try {
      await liq.waitForSubscriptions('binanceusdm');
      const before = await counted();
      const at = Date.now();
      liq.push([
        { exchange: 'binanceusdm', coin: 'BTC', side: 'long', amount: 0.5, price: 60_000, at },
        { exchange: 'binanceusdm', coin: 'ETH', side: 'short', amount: 2, price: 3_000, at: at + 1 },
        { exchange: 'binanceusdm', coin: 'BTC', side: 'long', amount: 0.1, price: 59_900, at: at + 2 },
      ]);
      let now = before;
      await waitUntil(() => collectors.status()[0]!.events >= 3, 'three events ingested');
      now = await counted();
      expect(now - before).toBe(3);
    } finally {
      await collectors.stop();
      store.close();
      await liq.close();
      db.cleanup();
    }
  });
});
