// Three real whybot processes on one database and one Redis: two `--role collector` (one leads the scheduler)
// and one `--role worker` (posts from the shared queue to the fake Telegram). A digest due now is posted once
// per chat; SIGKILL the leader as the first digest arrives, the other collector takes over within seconds, and
// no chat gets its digest twice. Runs when REDIS_URL_TEST is set.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/cluster/redis.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { openDatabase } from '../../src/store/database.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
// the sources run through tsx, loaded by absolute URL (the children run in a temp dir)
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const HOUR = 3_600_000;
const CHATS = ['-1001', '-1002', '-1003'];

describe.skipIf(REDIS_URL_TEST === undefined)('roles on one Redis and one database', () => {
  let sim: Simulator;
  let telegram: FakeTelegram;
  let dir: string;
  const prefix = testPrefix();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const start = Math.floor(Date.now() / HOUR) * HOUR - 35 * 24 * HOUR;
    sim = await startSimulator({
      data: syntheticMarket({ coins: { BTC: 60_000, ETH: 3_000 }, start, hours: 35 * 24 + 1, intervalMs: 300_000 }),
      now: () => Date.now(),
    });
    telegram = await startFakeTelegram();
    dir = mkdtempSync(join(tmpdir(), 'whybot-roles-'));
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    const redis = connectRedis(REDIS_URL_TEST!);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await telegram?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const spawnRole = (role: string, env: Record<string, string>) => {
    const child = spawn(process.execPath, ['--import', TSX, BIN, 'start', '--role', role], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const lines: Array<Record<string, unknown>> = [];
    let buffer = '';
    child.stderr!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const p of parts) if (p.startsWith('{')) lines.push(JSON.parse(p) as Record<string, unknown>);
    });
    return { role, child, lines, leads: () => lines.some((l) => l.msg === 'leading') };
  };
  const until = async (check: () => boolean, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end && !check()) await new Promise((r) => setTimeout(r, 50));
    return check();
  };
  const digestsTo = (chat: string) =>
    telegram
      .callsOf('sendMessage')
      .filter(
        (c) => String(c.fields.chat_id) === chat && /daily digest|this digest was due/.test(String(c.fields.text)),
      ).length;

  it('posts a due digest once per chat, and a new leader after SIGKILL posts nothing twice', async () => {
    const path = join(dir, 'whybot.sqlite');
    const db = openDatabase(path);
    const store = new DigestStore(db);
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
    db.close();
    const env = {
      TELEGRAM_TOKEN: '1:roles',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      WHYBOT_DB_PATH: path,
      REDIS_URL: REDIS_URL_TEST!,
      WHYBOT_REDIS_PREFIX: prefix,
      WHYBOT_LEADER_LOCK_SECONDS: '2',
      WHYBOT_SCHEDULER_POLL_SECONDS: '1',
      WHYBOT_EXCHANGE_URL: sim.url,
      WHYBOT_COINS: 'BTC,ETH',
      WHYBOT_SENTIMENT: 'off',
      WHYBOT_ALERTS: 'off',
      WHYBOT_COLLECTOR: 'off',
      LOG_LEVEL: 'info',
    };
    const worker = spawnRole('worker', env);
    const collectors = [spawnRole('collector', env), spawnRole('collector', env)];
    // the first digest arrives: kill whoever leads, mid-run
    expect(await until(() => CHATS.some((c) => digestsTo(c) > 0), 90_000)).toBe(true);
    const leader = collectors.find((c) => c.leads());
    expect(leader).toBeDefined();
    const killedAt = Date.now();
    leader!.child.kill('SIGKILL');
    const other = collectors.find((c) => c !== leader)!;
    expect(await until(() => other.leads(), 30_000)).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    // every chat gets its digest (what the dead leader queued, or what the new one finishes)...
    expect(await until(() => CHATS.every((c) => digestsTo(c) >= 1), 60_000)).toBe(true);
    const statuses = () => {
      const check = openDatabase(path);
      try {
        return (
          check.prepare('SELECT status FROM digest_posts ORDER BY channel').all() as Array<{ status: string }>
        ).map((r) => r.status);
      } finally {
        check.close();
      }
    };
    // ...and, with its passes running every second for a while more, never a second post
    await new Promise((r) => setTimeout(r, 3_000));
    expect(CHATS.map(digestsTo)).toEqual([1, 1, 1]);
    // the records say where each day stands: sent, or still held by the dead leader (claimed: taken over when its
    // lease ends, the queue's key keeping it to this one post; sending: never retried, as it may have landed)
    expect(statuses()).toHaveLength(3);
    expect(statuses().every((st) => ['sent', 'sending', 'claimed'].includes(st))).toBe(true);
    // posted by the worker (the collectors run no chat adapter), once per chat
    expect(worker.lines.filter((l) => l.msg === 'posted')).toHaveLength(3);
    expect(new Set(worker.lines.filter((l) => l.msg === 'posted').map((l) => l.channel)).size).toBe(3);
    for (const c of [worker, other]) c.child.kill('SIGTERM');
    await Promise.all(
      [worker, other].map((c) => new Promise((r) => (c.child.exitCode !== null ? r(null) : c.child.on('exit', r)))),
    );
  }, 240_000);
});
