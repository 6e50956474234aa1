// The shutdown's hard limit, in process: a reply stuck on an exchange that never answers keeps the graceful
// shutdown waiting, so after the limit runStart logs it and calls exit(1); a second signal exits at once.
// Signals and exit are handed in (the real ones would end the test runner); everything else is real.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRuntime } from '../../src/app/runtime.ts';
import { runStart } from '../../src/cli/start-command.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startSimulator } from '../../src/simulator/server.ts';
import { startFakeTelegram } from '../fakes/telegram-server.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const HOUR = 3_600_000;
const START = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 24 * HOUR;

describe('shutdown hard limit', () => {
  it('forces exit(1) with a log line when replies in flight do not finish in time', async () => {
    const sim = await startSimulator({
      data: syntheticMarket({ start: START, hours: 60 * 24 }),
      now: () => Date.now(),
    });
    const telegram = await startFakeTelegram();
    const dir = mkdtempSync(join(tmpdir(), 'whybot-hardstop-'));
    const { logger, lines } = memoryLogger();
    const config = loadConfig(
      {
        TELEGRAM_TOKEN: '5150:hard-stop-token',
        TELEGRAM_API_ROOT: telegram.apiRoot,
        WHYBOT_EXCHANGE_URL: sim.url,
        WHYBOT_HTTP_TIMEOUT_MS: '60000',
        WHYBOT_COLLECTOR: 'off',
        WHYBOT_SENTIMENT: 'off',
        WHYBOT_DB_PATH: join(dir, 'whybot.sqlite'),
      },
      PLATFORMS,
    );
    const runtime = await startRuntime({ config, logger });
    const signals = new EventEmitter();
    const exits: number[] = [];
    const run = runStart(config, runtime, logger, {
      signals,
      exit: (code) => exits.push(code),
      shutdownTimeoutMs: 300,
    });
    try {
      await waitUntil(() => lines.some((l) => l.msg === 'whybot is running'), 'the bot to start');
      sim.faults.add({ path: '/fapi/v1/klines', kind: 'stall' }); // the candles never come
      telegram.sendUserMessage({ chatId: 77, text: '/why' });
      await waitUntil(() => sim.calls.some((c) => c.status === -1), 'a stalled exchange call');

      signals.emit('SIGTERM', 'SIGTERM');
      await waitUntil(() => exits.length > 0, 'the hard limit');
      expect(exits).toEqual([1]);
      expect(lines.find((l) => l.msg === 'shutdown is taking too long: forcing exit')).toMatchObject({
        level: 50,
        timeoutMs: 300,
      });
      expect(lines.some((l) => l.msg === 'whybot stopped')).toBe(false);

      signals.emit('SIGINT', 'SIGINT');
      expect(exits).toEqual([1, 1]);
      expect(lines.some((l) => l.msg === 'second signal during shutdown: exiting now')).toBe(true);
    } finally {
      // Let the stuck request fail so the shutdown can complete and everything closes.
      sim.faults.clear();
      await sim.close();
      expect(await run).toBe(0);
      await runtime.close();
      await telegram.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
