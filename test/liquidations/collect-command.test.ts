// `whybot collect` in-process: runs the collectors on the configured database against the simulator,
// stops on the signal, and leaves the data and a closed session behind; usage and bad settings.
import { afterEach, describe, expect, it } from 'vitest';
import { runCollectCommand } from '../../src/cli/collect.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';
import { tempDb } from './helpers.ts';

describe('whybot collect', () => {
  let sim: LiquidationSimulator | undefined;
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    for (const c of cleanups.splice(0)) c();
  });

  it('collects into the configured database until stopped, then closes cleanly', async () => {
    sim = await startLiquidationSimulator({ coins: ['BTC', 'ETH'] });
    const tmp = tempDb();
    cleanups.push(tmp.cleanup);
    const stop = new AbortController();
    const { logger } = memoryLogger();
    const env = {
      WHYBOT_DB_PATH: tmp.path,
      WHYBOT_LIQ_URL: sim.url,
      WHYBOT_COINS: 'BTC,ETH',
      WHYBOT_LIQ_EXCHANGES: 'bybit,okx',
    };
    const running = runCollectCommand([], { env, signal: stop.signal, logger });
    await sim.waitForSubscriptions('bybit', 2);
    await sim.waitForSubscriptions('okx');
    const at = Date.now();
    expect(
      sim.push([
        { exchange: 'bybit', coin: 'ETH', side: 'long', amount: 2, price: 2000, at },
        { exchange: 'okx', coin: 'BTC', side: 'short', amount: 0.5, price: 70_000, at },
      ]),
    ).toBe(2);
    // a second reader on the same file (as the bot would be) sees the events once they are flushed
    const reader = LiquidationStore.open(tmp.path);
    const minute = Math.floor(at / 60_000);
    await waitUntil(() => reader.totals(minute, minute).length === 2, 'events visible to another process');
    reader.close();

    stop.abort();
    expect(await running).toBe(0);
    expect(sim.subscriptions('bybit')).toEqual([]);

    const after = LiquidationStore.open(tmp.path);
    const totals = after.totals(minute, minute);
    expect(totals.map((t) => [t.exchange, t.side, t.cents]).sort()).toEqual([
      ['bybit', 'long', 400_000],
      ['okx', 'short', 3_500_000],
    ]);
    const sessions = after.coverage(at - 60_000, Date.now(), Date.now()).sessions;
    expect(sessions.map((s) => [s.exchange, s.endReason]).sort()).toEqual([
      ['bybit', 'stopped'],
      ['okx', 'stopped'],
    ]);
    expect(after.sessions.lease()).toBeUndefined();
    after.close();
  });

  it('prints usage for --help and refuses bad settings', async () => {
    let out = '';
    expect(await runCollectCommand(['--help'], { write: (t) => (out += t) })).toBe(0);
    expect(out).toContain('whybot collect');
    out = '';
    expect(
      await runCollectCommand([], { env: { WHYBOT_LIQ_EXCHANGES: 'binanceusdm,kraken' }, write: (t) => (out += t) }),
    ).toBe(2);
    expect(out).toContain('WHYBOT_LIQ_EXCHANGES');
    expect(await runCollectCommand(['--db'], { env: {}, write: () => undefined })).toBe(2);
    expect(await runCollectCommand(['--dbx', 'x'], { env: {}, write: (t) => (out = t) })).toBe(2);
    expect(out).toContain('unknown argument --dbx');
  });
});
