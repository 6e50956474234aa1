// Telegram updates by webhook and by long polling among several processes, with the real telegraf against the fake
// Bot API. Webhook: setWebhook carries the URL and secret; an update POSTed without the secret header (or with a
// wrong one) is refused and changes nothing; with it, the command is answered; two instances behind one URL both
// serve; nobody long-polls. Poll lock (real Redis, when REDIS_URL_TEST is set): of two processes only the lock
// holder polls, and when it stops the other takes over.
import { request } from 'node:http';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { Dispatcher } from '../../src/adapters/dispatcher.ts';
import { createRegistry } from '../../src/adapters/registry.ts';
import { startTelegramAdapter, type RunningTelegram } from '../../src/adapters/telegram/telegram-adapter.ts';
import { DEFAULT_TELEGRAM_LIMITS } from '../../src/adapters/telegram/outbox.ts';
import { WEBHOOK_MAX_BODY_BYTES } from '../../src/adapters/telegram/webhook.ts';
import { redisClaimOnce } from '../../src/cluster/claim-once.ts';
import { Leader } from '../../src/cluster/leader.ts';
import { connectRedis } from '../../src/cluster/redis.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';

const SECRET = 'whybot_test-secret_42';
const HOOK = 'https://bot.example.com/telegram/hook';

let fake: FakeTelegram;
const running: RunningTelegram[] = [];
beforeEach(async () => {
  fake = await startFakeTelegram();
});
afterEach(async () => {
  for (const a of running.splice(0)) await a.stop();
  await fake.close();
});

const adapter = async (extra: Partial<Parameters<typeof startTelegramAdapter>[0]> = {}) => {
  const { logger } = memoryLogger();
  const started = await startTelegramAdapter({
    token: '123:abc',
    apiRoot: fake.apiRoot,
    dispatcher: new Dispatcher(createRegistry(commands), fixedServices(), logger),
    logger,
    ...extra,
  });
  running.push(started);
  return started;
};
const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !check()) await new Promise((r) => setTimeout(r, 20));
  return check();
};
const repliesTo = (chat: number) =>
  fake.callsOf('sendMessage').filter((c) => String(c.fields.chat_id) === String(chat));

const post = (port: number, body: unknown, secret?: string) =>
  fetch(`http://127.0.0.1:${port.toString()}/telegram/hook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: JSON.stringify(body),
  });

/** Post `update` once, wait for its answer, then post it `copies` more times; every post must get 200. */
const postThenReplay = async (ports: number[], update: unknown, chat: number, copies: number) => {
  expect((await post(ports[0]!, update, SECRET)).status).toBe(200);
  expect(await until(() => repliesTo(chat).length > 0)).toBe(true);
  for (let i = 0; i < copies; i++)
    expect((await post(ports[(i + 1) % ports.length]!, update, SECRET)).status).toBe(200);
  await new Promise((r) => setTimeout(r, 500));
};

describe('webhook mode', () => {
  it('sets the webhook with its secret, refuses updates without it, answers those with it, and never polls', async () => {
    const a = await adapter({ webhook: { url: HOOK, secret: SECRET, port: 0, host: '127.0.0.1', maxConnections: 10 } });
    const set = fake.callsOf('setWebhook');
    expect(set).toHaveLength(1);
    expect(set[0]!.fields).toMatchObject({ url: HOOK, secret_token: SECRET, max_connections: 10 });
    expect(set[0]!.fields.allowed_updates).toEqual(['message', 'callback_query', 'inline_query']);

    const missing = await post(a.webhookPort!, fake.userUpdate({ chatId: 501, text: '/help' }));
    const wrong = await post(a.webhookPort!, fake.userUpdate({ chatId: 502, text: '/help' }), 'not-the-secret');
    expect(missing.status).toBe(403);
    expect(wrong.status).toBe(403);
    const ok = await post(a.webhookPort!, fake.userUpdate({ chatId: 503, text: '/help' }), SECRET);
    expect(ok.status).toBe(200);
    expect(await until(() => repliesTo(503).length > 0)).toBe(true);
    expect(repliesTo(501)).toHaveLength(0);
    expect(repliesTo(502)).toHaveLength(0);
    expect(fake.polls()).toBe(0);
  });

  it('serves from any number of instances behind one URL', async () => {
    const hook = { url: HOOK, secret: SECRET, port: 0, host: '127.0.0.1' };
    const [a, b] = [await adapter({ webhook: hook }), await adapter({ webhook: hook })];
    expect((await post(a.webhookPort!, fake.userUpdate({ chatId: 601, text: '/help' }), SECRET)).status).toBe(200);
    expect((await post(b.webhookPort!, fake.userUpdate({ chatId: 602, text: '/help' }), SECRET)).status).toBe(200);
    expect(await until(() => repliesTo(601).length > 0 && repliesTo(602).length > 0)).toBe(true);
    expect(fake.polls()).toBe(0);
  });
});

describe('webhook bodies', () => {
  const hook = { url: HOOK, secret: SECRET, port: 0, host: '127.0.0.1' };
  // no wait between two messages to one chat, so a repeat's answer would show at once
  const limits = { ...DEFAULT_TELEGRAM_LIMITS, perChatIntervalMs: 1 };
  /** POST raw bytes with the secret; resolves to the status as soon as the answer's head arrives. */
  const raw = (port: number, body: string | Buffer, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/telegram/hook',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET, ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // the server may close the connection while a refused body is still being sent
      req.on('error', (err) => reject(err));
      req.end(body);
    });

  it('GIVEN any JSON or none with the right secret THEN each gets 400, nothing runs, and real updates still work', async () => {
    const a = await adapter({ webhook: hook });
    const bodies = [
      'null',
      '[]',
      '"text"',
      '42',
      'true',
      '{}',
      '{"update_id":"7"}',
      '{"update_id":1.5}',
      '{"update_id":null,"message":{}}',
      'not json',
      '',
      '{"update_id":',
      '\u0000',
    ];
    for (const body of bodies) expect(await raw(a.webhookPort!, body), body).toBe(400);
    // an update whose content is not what a message looks like is handled (and ignored) without harm
    expect(await raw(a.webhookPort!, JSON.stringify({ update_id: 99_001, message: null }))).toBe(200);
    expect(await raw(a.webhookPort!, JSON.stringify({ update_id: 99_002, inline_query: 'x' }))).toBe(200);
    expect(fake.callsOf('sendMessage')).toHaveLength(0);
    expect((await post(a.webhookPort!, fake.userUpdate({ chatId: 801, text: '/help' }), SECRET)).status).toBe(200);
    expect(await until(() => repliesTo(801).length > 0)).toBe(true);
  });

  it('GIVEN a body over the cap, sent or only announced THEN 413 before it is read, and the server goes on', async () => {
    const a = await adapter({ webhook: hook });
    const big = Buffer.alloc(WEBHOOK_MAX_BODY_BYTES + 1, 0x20);
    expect(await raw(a.webhookPort!, big, { 'transfer-encoding': 'chunked' })).toBe(413);
    // a 100 MB update announced by its Content-Length is refused on the announcement: only its head is sent
    expect(await raw(a.webhookPort!, '{', { 'content-length': String(100 * 1024 * 1024) })).toBe(413);
    const update = fake.userUpdate({ chatId: 802, text: '/help' });
    const padded = `${JSON.stringify(update)}${' '.repeat(WEBHOOK_MAX_BODY_BYTES - JSON.stringify(update).length)}`;
    expect(await raw(a.webhookPort!, padded)).toBe(200); // exactly at the cap: accepted
    expect(await until(() => repliesTo(802).length > 0)).toBe(true);
  });

  it('GIVEN one update_id posted again after it was answered THEN it is not handled again; every copy gets 200', async () => {
    const a = await adapter({ webhook: hook, limits });
    await postThenReplay([a.webhookPort!], fake.userUpdate({ chatId: 803, text: '/help' }), 803, 4);
    expect(repliesTo(803)).toHaveLength(1);
  });

  it('GIVEN a shared store that fails THEN the update is still handled once by this process', async () => {
    const a = await adapter({ webhook: hook, limits, claim: () => Promise.reject(new Error('store down')) });
    await postThenReplay([a.webhookPort!], fake.userUpdate({ chatId: 804, text: '/help' }), 804, 2);
    expect(repliesTo(804)).toHaveLength(1);
  });
});

describe.skipIf(REDIS_URL_TEST === undefined)('webhook behind a load balancer (real Redis)', () => {
  it('GIVEN one update replayed to two processes THEN only one handles it', async () => {
    const redis = connectRedis(REDIS_URL_TEST!);
    const prefix = testPrefix();
    try {
      const hook = { url: HOOK, secret: SECRET, port: 0, host: '127.0.0.1' };
      const claim = redisClaimOnce(redis, prefix);
      const [a, b] = [await adapter({ webhook: hook, claim }), await adapter({ webhook: hook, claim })];
      await postThenReplay([a.webhookPort!, b.webhookPort!], fake.userUpdate({ chatId: 805, text: '/help' }), 805, 4);
      expect(repliesTo(805)).toHaveLength(1);
    } finally {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });
});

describe.skipIf(REDIS_URL_TEST === undefined)('long polling from several processes', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = connectRedis(REDIS_URL_TEST!);
    prefix = testPrefix();
  });
  afterEach(async () => {
    for (const a of running.splice(0)) await a.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('only the poll lock holder polls; when it stops, the other takes over', async () => {
    const leaders: Leader[] = [];
    const pollLock = (work: () => Promise<() => Promise<void>>) => {
      const leader = new Leader({
        redis,
        key: `${prefix}:telegram-poll`,
        ttlMs: 1500,
        owner: `p${leaders.length.toString()}`,
        logger: memoryLogger().logger,
        lead: work,
      });
      leaders.push(leader);
      return leader;
    };
    const a = await adapter({ pollLock });
    const b = await adapter({ pollLock });
    expect(await until(() => leaders.filter((l) => l.isLeader).length === 1)).toBe(true);
    fake.sendUserMessage({ chatId: 701, text: '/help' });
    expect(await until(() => repliesTo(701).length > 0)).toBe(true);
    // one poller: the update was answered once, and the two never lead together
    await new Promise((r) => setTimeout(r, 500));
    expect(repliesTo(701)).toHaveLength(1);
    expect(leaders.filter((l) => l.isLeader)).toHaveLength(1);
    const [first, other] = leaders[0]!.isLeader ? [a, leaders[1]!] : [b, leaders[0]!];
    await first.stop();
    running.splice(running.indexOf(first), 1);
    expect(await until(() => other.isLeader)).toBe(true);
    fake.sendUserMessage({ chatId: 702, text: '/help' });
    expect(await until(() => repliesTo(702).length > 0)).toBe(true);
  });
});
