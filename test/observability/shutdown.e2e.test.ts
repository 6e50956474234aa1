// Graceful shutdown of the real bot process (`node --import tsx src/main.ts`): Telegram against the fake
// Telegram, market data from the exchange simulator (with latency, so a /why is still in flight when SIGTERM
// arrives), liquidations from the liquidation simulator's websocket. SIGTERM: the reply in flight is still
// sent, the liquidations are in the database, the websockets are closed, and the process exits 0 by itself
// (the 10 s hard timer would exit 1).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { PROCESS_TEST_TIMEOUT_MS, waitUntil } from '../helpers/testkit.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOUR = 3_600_000;
// The bot runs live (no replay), on the wall clock: the simulated market's last hourly candle closes now
// (the grid is not hour-aligned, so the price is never older than the bot's 15-minute staleness limit).
const START = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 24 * HOUR;
const TOKEN = '424242:shutdown-test-token-ABCDEFGH';

describe('SIGTERM to the running bot process', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let sim: Simulator;
  let liq: LiquidationSimulator;
  let telegram: FakeTelegram;
  let dir: string;
  let child: ChildProcess | undefined;
  let logs = '';
  const lines = () =>
    logs
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    // 250 ms per exchange call: a cold /why takes a few round trips, long enough to signal in the middle of it.
    sim = await startSimulator({
      data: syntheticMarket({ start: START, hours: 60 * 24 }),
      now: () => Date.now(),
      latencyMs: 250,
    });
    liq = await startLiquidationSimulator({ coins: ['BTC', 'ETH', 'BNB', 'SOL', 'XRP'] });
    telegram = await startFakeTelegram();
    dir = mkdtempSync(join(tmpdir(), 'whybot-shutdown-'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await telegram?.close();
    await liq?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the reply in flight, flushes liquidations, closes the streams and exits 0', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TELEGRAM_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      WHYBOT_EXCHANGE_URL: sim.url,
      WHYBOT_LIQ_URL: liq.url,
      WHYBOT_LIQ_EXCHANGES: 'binanceusdm',
      WHYBOT_SENTIMENT: 'off',
      WHYBOT_DB_PATH: join(dir, 'whybot.sqlite'),
      WHYBOT_HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
    };
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    proc.stderr!.on('data', (d: Buffer) => (logs += d.toString('utf8')));
    const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    await waitUntil(() => lines().some((l) => l.msg === 'whybot is running'), 'the bot to start', 30_000);
    const url = String(lines().find((l) => typeof l.url === 'string')?.url);
    const healthy = await fetch(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ adapters: { telegram: true } });

    // Liquidations arrive over the websocket and are counted in (the store writes them in batches).
    await liq.waitForSubscriptions('binanceusdm');
    const at = Date.now();
    liq.push([
      { exchange: 'binanceusdm', coin: 'BTC', side: 'long', amount: 1, price: 60_000, at },
      { exchange: 'binanceusdm', coin: 'ETH', side: 'short', amount: 10, price: 3_000, at: at + 1 },
    ]);
    await waitUntil(() => liq.delivered('binanceusdm').length === 2, 'the frames to go out');
    const metrics = async () => (await fetch(`${url}/metrics`)).text();
    const ingested = async () =>
      Number(/^whybot_liquidation_events_total\{exchange="binanceusdm"\} (\d+)/m.exec(await metrics())?.[1] ?? 0);
    let count = 0;
    for (let i = 0; i < 400 && count < 2; i++) {
      count = await ingested();
      if (count < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(count).toBe(2);

    // A /why is in flight (the exchange simulator has been asked and answers slowly) when SIGTERM arrives.
    const callsBefore = sim.calls.length;
    telegram.sendUserMessage({ chatId: 9001, text: '/why' });
    await waitUntil(() => sim.calls.length > callsBefore, 'the /why to reach the exchange', 20_000);
    proc.kill('SIGTERM');

    const [code, signal] = await exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    const messages = lines().map((l) => l.msg);
    expect(messages).toContain('stopping: finishing replies in flight, closing streams');
    expect(messages).toContain('whybot stopped');
    expect(messages).not.toContain('shutdown is taking too long: forcing exit');

    // The reply that was in flight went out.
    const replies = telegram.callsOf('sendMessage').filter((c) => Number(c.fields.chat_id) === 9001);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(String(replies[0]!.fields.text)).toMatch(/Bitcoin|BTC/);
    // The websocket is closed and the liquidations are in the database.
    expect(liq.subscriptions('binanceusdm')).toEqual([]);
    const store = LiquidationStore.open(env.WHYBOT_DB_PATH);
    try {
      const totals = store.totals(0, Number.MAX_SAFE_INTEGER);
      expect(totals.reduce((s, t) => s + t.count, 0)).toBe(2);
    } finally {
      store.close();
    }
    expect(logs).not.toContain(TOKEN.split(':')[1]);
  });
});
