// Three real whybot processes on one database and one Redis: two `--role collector` (one leads the scheduler)
// and one `--role worker` (posts from the shared queue to the fake Telegram). A digest due now is posted once
// per chat; SIGKILL the leader as the first digest arrives, the other collector takes over within seconds, and
// no chat gets its digest twice. Runs when REDIS_URL_TEST is set: on PostgreSQL when DATABASE_URL_TEST is set too
// (as CI does), else on one SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/cluster/redis.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import type { Storage } from '../../src/store/open-storage.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';
import { RoleProcesses, until } from '../helpers/role-process.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { PG_URL, postgresEngine, sqliteEngine, urlInSchema } from '../store/engines.ts';

const HOUR = 3_600_000;
const CHATS = ['-1001', '-1002', '-1003'];
const engine = PG_URL === undefined ? sqliteEngine : postgresEngine;

describe.skipIf(REDIS_URL_TEST === undefined)(`roles on one Redis and one ${engine.name} database`, () => {
  let sim: Simulator;
  let telegram: FakeTelegram;
  let storage: Storage;
  let cleanup: () => Promise<void>;
  const prefix = testPrefix();
  const processes = new RoleProcesses();

  beforeAll(async () => {
    const start = Math.floor(Date.now() / HOUR) * HOUR - 35 * 24 * HOUR;
    sim = await startSimulator({
      data: syntheticMarket({ coins: { BTC: 60_000, ETH: 3_000 }, start, hours: 35 * 24 + 1, intervalMs: 300_000 }),
      now: () => Date.now(),
    });
    telegram = await startFakeTelegram();
    const place = engine.place();
    cleanup = place.cleanup;
    storage = await place.open();
  });
  afterAll(async () => {
    processes.killAll();
    const redis = connectRedis(REDIS_URL_TEST!);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await telegram?.close();
    await sim?.close();
    await storage?.close();
    await cleanup?.();
  });

  const digestsTo = (chat: string) =>
    telegram
      .callsOf('sendMessage')
      .filter(
        (c) => String(c.fields.chat_id) === chat && /daily digest|this digest was due/.test(String(c.fields.text)),
      ).length;

  it('posts a due digest once per chat, and a new leader after SIGKILL posts nothing twice', async () => {
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
    const env = {
      ...(storage.pg ? { DATABASE_URL: urlInSchema(PG_URL!, storage.pg.schema!) } : { WHYBOT_DB_PATH: storage.where }),
      TELEGRAM_TOKEN: '1:roles',
      TELEGRAM_API_ROOT: telegram.apiRoot,
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
    const worker = processes.spawn('worker', env);
    const collectors = [processes.spawn('collector', env), processes.spawn('collector', env)];
    // the first digest arrives: kill whoever leads, mid-run
    expect(await until(() => CHATS.some((c) => digestsTo(c) > 0), 90_000)).toBe(true);
    const leader = collectors.find((c) => c.leads());
    expect(leader).toBeDefined();
    leader!.child.kill('SIGKILL');
    // the dead leader's lock ends by itself within WHYBOT_LEADER_LOCK_SECONDS (Redis's own expiry, not a
    // wall-clock wait here), so the other collector takes over
    const redis = connectRedis(REDIS_URL_TEST!);
    const left = await redis.pttl(`${prefix}:leader`).finally(() => redis.disconnect());
    expect(left).not.toBe(-1);
    expect(left).toBeLessThanOrEqual(2_000);
    const other = collectors.find((c) => c !== leader)!;
    expect(await until(() => other.leads(), 30_000)).toBe(true);
    // every chat gets its digest (what the dead leader queued, or what the new one finishes)...
    expect(await until(() => CHATS.every((c) => digestsTo(c) >= 1), 60_000)).toBe(true);
    const statuses = async () =>
      (await storage.sql.query<{ status: string }>('SELECT status FROM digest_posts ORDER BY channel')).rows.map(
        (r) => r.status,
      );
    // ...and, with its passes running every second for a while more, never a second post
    await new Promise((r) => setTimeout(r, 3_000));
    expect(CHATS.map(digestsTo)).toEqual([1, 1, 1]);
    // the records say where each day stands: sent, or still held by the dead leader (claimed: taken over when its
    // lease ends, the queue's key keeping it to this one post; sending: never retried, as it may have landed)
    expect(await statuses()).toHaveLength(3);
    expect((await statuses()).every((st) => ['sent', 'sending', 'claimed'].includes(st))).toBe(true);
    // posted by the worker (the collectors run no chat adapter), once per chat
    expect(worker.lines.filter((l) => l.msg === 'posted')).toHaveLength(3);
    expect(new Set(worker.lines.filter((l) => l.msg === 'posted').map((l) => l.channel)).size).toBe(3);
    for (const c of [worker, other]) c.child.kill('SIGTERM');
    await Promise.all([worker, other].map((c) => c.exited()));
  }, 240_000);
});
