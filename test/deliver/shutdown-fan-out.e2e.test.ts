// SIGTERM during a digest fan-out, through the real executable (`node --import tsx src/main.ts`): 60 Telegram
// chats are due at once and posted at 5 a second (TELEGRAM_GLOBAL_PER_SECOND), so SIGTERM lands with most of them
// still queued. The process stops taking work, lets the posts in flight finish, hands back the rest (their claims
// go back to `retry`: nothing was sent) and exits 0 well within its 10 s limit. The next start posts what was handed
// back. Counted at the fake Telegram: every chat gets exactly one digest, each with its chart.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { openStorage } from '../../src/store/open-storage.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { tempDir, waitUntil } from '../helpers/testkit.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOUR = 3_600_000;
const START = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 24 * HOUR;
const CHATS = Array.from({ length: 60 }, (_, i) => (-1_000_000 - i).toString());

describe('SIGTERM during a digest fan-out to 60 chats', () => {
  let sim: Simulator;
  let telegram: FakeTelegram;
  const dir = tempDir('whybot-fanout-stop-');
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ data: syntheticMarket({ start: START, hours: 40 * 24 }), now: () => Date.now() });
    telegram = await startFakeTelegram();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await telegram?.close();
    await sim?.close();
    dir.cleanup();
  });

  /** The digests each chat got (the article's text; its chart follows as a photo). */
  const digests = (chat: string) =>
    telegram
      .callsOf('sendMessage')
      .filter((c) => String(c.fields.chat_id) === chat && /daily digest/i.test(String(c.fields.text)));
  const charts = (chat: string) => telegram.callsOf('sendPhoto').filter((c) => String(c.fields.chat_id) === chat);

  const start = (env: Record<string, string>) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let logs = '';
    child.stderr!.on('data', (d: Buffer) => (logs += d.toString('utf8')));
    const lines = () =>
      logs
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    return { child, lines, exited };
  };

  it('exits 0 within its limit, hands back what it had not sent, and the next start posts each chat exactly one digest', async () => {
    const dbPath = join(dir.path, 'whybot.sqlite');
    const storage = await openStorage({ sqlitePath: dbPath });
    const store = new DigestStore(storage.sql);
    const now = new Date();
    const time = `${now.getUTCHours().toString().padStart(2, '0')}:${now.getUTCMinutes().toString().padStart(2, '0')}`;
    for (const chat of CHATS)
      await store.set(
        { platform: 'telegram', channel: chat, kind: 'group' },
        time,
        'UTC',
        'mod',
        Date.now() - 2 * HOUR,
      );
    await storage.close();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TELEGRAM_TOKEN: '4343:fan-out-stop-token',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_GLOBAL_PER_SECOND: '5',
      WHYBOT_EXCHANGE_URL: sim.url,
      WHYBOT_COINS: 'BTC,ETH',
      WHYBOT_SENTIMENT: 'off',
      WHYBOT_ALERTS: 'off',
      WHYBOT_COLLECTOR: 'off',
      WHYBOT_DB_PATH: dbPath,
      LOG_LEVEL: 'info',
    };

    const first = start(env);
    const posted = () => CHATS.filter((c) => digests(c).length > 0).length;
    await waitUntil(() => posted() >= 5, 'the first digests', 90_000);
    first.child.kill('SIGTERM');
    const [code, signal] = await first.exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(first.lines().map((l) => l.msg)).not.toContain('shutdown is taking too long: forcing exit');
    const beforeRestart = posted();
    expect(beforeRestart).toBeLessThan(CHATS.length); // it was stopped mid fan-out

    const second = start(env);
    await waitUntil(() => posted() === CHATS.length, 'every chat to get its digest', 90_000);
    // a few more scheduler passes: nothing is posted twice
    await new Promise((r) => setTimeout(r, 2_000));
    second.child.kill('SIGTERM');
    const [code2] = await second.exited;
    expect(code2).toBe(0);
    expect(CHATS.map((c) => digests(c).length)).toEqual(CHATS.map(() => 1));
    // each with its chart
    expect(CHATS.map((c) => charts(c).length)).toEqual(CHATS.map(() => 1));
  }, 240_000);
});
