// Digests and alerts through the BullMQ queue on the real Redis: two processes (each its own discord.js client,
// queue and worker) sending the same posts post each once; the shared limiter keeps two workers under the fake
// Discord's global limit (no 429); a failed post is retried after the retry_after asked for; a post failing every
// try lands in the dead letters with a log line; a gone chat is reported once; Telegram's per-group minute limit
// holds a group's extra post for the next minute. Runs when REDIS_URL_TEST is set.
import type { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Platform, Reply } from '../../src/core/reply.ts';
import { ChannelGoneError, type Poster } from '../../src/adapters/post.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { connectRedis } from '../../src/cluster/redis.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { bullConnection, jobIdOf, PostQueue, postQueueName } from '../../src/deliver/post-queue.ts';
import { limiterFor, startPostWorkers, type PostWorkers } from '../../src/deliver/post-workers.ts';
import { replyFromJson, replyToJson } from '../../src/deliver/reply-json.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';

const reply: Reply = {
  kind: 'notice',
  title: 'Daily digest',
  lines: ['BTC 51,588 USDT (Binance USD-M, 07:00 UTC)'],
  tone: 'info',
  files: [{ name: 'chart.png', contentType: 'image/png', data: new Uint8Array([137, 80, 78, 71, 0, 255]) }],
} as Reply;

describe('reply JSON', () => {
  it('carries file bytes through JSON unchanged', () => {
    const back = replyFromJson(replyToJson(reply));
    expect(back).toEqual(reply);
    expect((back as { files: Array<{ data: Uint8Array }> }).files[0]!.data).toBeInstanceOf(Uint8Array);
  });
  it('splits a rate into windows no burstier than a token bucket of that rate', () => {
    expect(limiterFor(50)).toEqual({ max: 10, duration: 200 });
    expect(limiterFor(45)).toEqual({ max: 9, duration: 200 });
    expect(limiterFor(3)).toEqual({ max: 1, duration: 333 });
  });
});

describe.skipIf(REDIS_URL_TEST === undefined)('the shared post queue', () => {
  let prefix: string;
  let redis: Redis;
  const stops: Array<() => Promise<unknown>> = [];

  beforeEach(() => {
    prefix = testPrefix();
    redis = connectRedis(REDIS_URL_TEST!);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** One process's sending and posting side over the given posters. */
  const processWith = async (
    posters: Partial<Record<Platform, Poster>>,
    perSecond: Partial<Record<Platform, number>>,
    extra: { attempts?: number; groupPerMinute?: number } = {},
  ) => {
    const log = memoryLogger();
    const gone: string[] = [];
    const queue = await PostQueue.open({
      url: REDIS_URL_TEST!,
      redis,
      prefix,
      platforms: Object.keys(posters) as Platform[],
      logger: log.logger,
      ...(extra.attempts ? { attempts: extra.attempts } : {}),
    });
    const workers: PostWorkers = startPostWorkers({
      url: REDIS_URL_TEST!,
      redis,
      prefix,
      posters,
      perSecond,
      telegramGroupPerMinute: extra.groupPerMinute ?? 20,
      logger: log.logger,
      onGone: (where) => gone.push(where.channel),
    });
    stops.push(
      () => queue.stop(),
      () => workers.stop(),
    );
    return { queue, workers, lines: log.lines, gone };
  };

  describe('against the fake Discord', () => {
    let discord: FakeDiscord;
    const bots: RunningBot[] = [];
    beforeEach(async () => {
      discord = await startFakeDiscord('1100000000000000001', { globalPerSecond: 10 });
    });
    afterEach(async () => {
      for (const b of bots.splice(0)) await b.stop();
      await discord.close();
    });
    const discordPoster = async () => {
      const { logger } = memoryLogger();
      const bot = await runBot(
        loadConfig({ DISCORD_TOKEN: 'queue-test-token', DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'silent' }),
        fixedServices(),
        { logger },
      );
      bots.push(bot);
      return bot.posters.discord!;
    };
    const channelPosts = () => discord.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/channels/'));

    it('two processes sending the same 30 posts post each once, under the shared limit (no 429)', async () => {
      const a = await processWith({ discord: await discordPoster() }, { discord: 10 });
      const b = await processWith({ discord: await discordPoster() }, { discord: 10 });
      const channels = Array.from({ length: 30 }, (_, i) => (1_500_000_000_000_000_000n + BigInt(i)).toString());
      const send = (p: typeof a) =>
        Promise.all(
          channels.map((channel) =>
            p.queue.send(
              { platform: 'discord', channel, kind: 'group' },
              reply,
              'digest',
              `digest:discord:${channel}:2024-08-05`,
            ),
          ),
        );
      const [fromA, fromB] = await Promise.all([send(a), send(b)]);
      expect([...fromA, ...fromB].every((o) => o.status === 'sent')).toBe(true);
      const posted = channelPosts().map((c) => c.path);
      expect(posted).toHaveLength(30);
      expect(new Set(posted).size).toBe(30);
      expect(discord.rateLimited()).toBe(0);
      // both workers took part (the limit is shared, not per worker)
      const byWorker = [a, b].map((p) => p.lines.filter((l) => l.msg === 'posted').length);
      expect(byWorker[0]! + byWorker[1]!).toBe(30);
      // the chart went along: every post is multipart with the file
      expect(channelPosts().every((c) => Object.keys(c.files ?? {}).length === 1)).toBe(true);
      // each carries its own nonce with enforce_nonce, so Discord itself refuses a repeat
      const payloads = channelPosts().map(
        (c) => JSON.parse(String(c.fields.payload_json)) as { nonce?: string; enforce_nonce?: boolean },
      );
      expect(
        payloads.every((p) => p.enforce_nonce === true && typeof p.nonce === 'string' && p.nonce.length <= 25),
      ).toBe(true);
      expect(new Set(payloads.map((p) => p.nonce)).size).toBe(30);
      // and a later send of the same key (another process's late pass) posts nothing more
      expect(
        await a.queue.send(
          { platform: 'discord', channel: channels[0]!, kind: 'group' },
          reply,
          'digest',
          `digest:discord:${channels[0]!}:2024-08-05`,
        ),
      ).toMatchObject({ status: 'sent' });
      expect(channelPosts()).toHaveLength(30);
    });
  });

  describe('against the fake Discord, directly', () => {
    it("a keyed post sent again (a retry after a timeout) is refused by Discord's nonce", async () => {
      const discord = await startFakeDiscord();
      const { logger } = memoryLogger();
      const bot = await runBot(
        loadConfig({ DISCORD_TOKEN: 'queue-test-token', DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'silent' }),
        fixedServices(),
        { logger },
      );
      try {
        const target = {
          channel: '1500000000000000001',
          kind: 'group' as const,
          key: 'digest~discord~1500000000000000001~2024-08-05',
        };
        await bot.posters.discord!.post(target, reply);
        await bot.posters.discord!.post(target, reply);
        await bot.posters.discord!.post({ ...target, key: 'digest~discord~1500000000000000001~2024-08-06' }, reply);
        const posts = discord.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/channels/'));
        expect(posts.map((c) => c.deduped === true)).toEqual([false, true, false]);
      } finally {
        await bot.stop();
        await discord.close();
      }
    });
  });

  describe('with a poster that fails on cue', () => {
    const failing = (fail: (attempt: number, channel: string) => Error | undefined) => {
      const attempts: Array<{ channel: string; at: number }> = [];
      const poster: Poster = {
        platform: 'telegram',
        async post(target) {
          attempts.push({ channel: target.channel, at: Date.now() });
          const error = fail(attempts.filter((a) => a.channel === target.channel).length, target.channel);
          if (error) throw error;
        },
      };
      return { poster, attempts };
    };

    it('retries a 429 after the retry_after Telegram asked for', async () => {
      const { poster, attempts } = failing((n) =>
        n === 1
          ? new TelegramError({
              error_code: 429,
              description: 'Too Many Requests: retry after 1',
              parameters: { retry_after: 1 },
            })
          : undefined,
      );
      const p = await processWith({ telegram: poster }, { telegram: 30 });
      const outcome = await p.queue.send(
        { platform: 'telegram', channel: '-1001', kind: 'group' },
        reply,
        'alert',
        'alert:telegram:-1001:BTC:-3%:1h@1:1',
      );
      expect(outcome).toEqual({ status: 'sent' });
      expect(attempts).toHaveLength(2);
      expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
      expect(p.lines.some((l) => l.msg === 'post failed; will retry' && l.retryInMs === 1000)).toBe(true);
    });

    it('keeps a post that fails every try in the dead letters, with a log line', async () => {
      const { poster, attempts } = failing(() => new Error('Bad Gateway'));
      const p = await processWith({ telegram: poster }, { telegram: 30 }, { attempts: 2 });
      const outcome = await p.queue.send(
        { platform: 'telegram', channel: '-1002', kind: 'group' },
        reply,
        'digest',
        'digest:telegram:-1002:2024-08-05',
      );
      expect(outcome.status).toBe('failed');
      expect(attempts).toHaveLength(2);
      // the worker's log line may come just after the sender heard the outcome
      for (let i = 0; i < 100 && !p.lines.some((l) => String(l.msg).startsWith('post failed for good')); i += 1)
        await new Promise((r) => setTimeout(r, 20));
      expect(p.lines.some((l) => String(l.msg).startsWith('post failed for good: kept in the dead letters'))).toBe(
        true,
      );
      const queue = new Queue(postQueueName('telegram'), { connection: bullConnection(REDIS_URL_TEST!), prefix });
      expect(await queue.getJobState(jobIdOf('digest:telegram:-1002:2024-08-05'))).toBe('failed');
      await queue.close();
    });

    it('reports a gone chat once and does not retry it', async () => {
      const { poster, attempts } = failing(
        (_n, channel) => new ChannelGoneError('telegram', channel, '403 Forbidden: bot was kicked from the group chat'),
      );
      const p = await processWith({ telegram: poster }, { telegram: 30 });
      const outcome = await p.queue.send(
        { platform: 'telegram', channel: '-1003', kind: 'group' },
        reply,
        'digest',
        'digest:telegram:-1003:2024-08-05',
      );
      expect(outcome).toEqual({ status: 'gone', reason: '403 Forbidden: bot was kicked from the group chat' });
      expect(attempts).toHaveLength(1);
      expect(p.gone).toEqual(['-1003']);
    });

    it("holds a group's post over its per-minute limit for the next minute", async () => {
      const { poster, attempts } = failing(() => undefined);
      const p = await processWith({ telegram: poster }, { telegram: 30 }, { groupPerMinute: 2 });
      const where = { platform: 'telegram' as const, channel: '-1004', kind: 'group' as const };
      // a window that cannot roll over mid-test: wait for a fresh minute if fewer than 10 s are left
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 10_000) await new Promise((r) => setTimeout(r, left + 50));
      const outcomes = await Promise.all(
        [1, 2].map((n) => p.queue.send(where, reply, 'alert', `alert:telegram:-1004:e:${n.toString()}`)),
      );
      expect(outcomes).toEqual([{ status: 'sent' }, { status: 'sent' }]);
      void p.queue.send(where, reply, 'alert', 'alert:telegram:-1004:e:3');
      const queue = new Queue(postQueueName('telegram'), { connection: bullConnection(REDIS_URL_TEST!), prefix });
      let state = '';
      for (let i = 0; i < 100 && state !== 'delayed'; i += 1) {
        state = String(await queue.getJobState(jobIdOf('alert:telegram:-1004:e:3')));
        if (state !== 'delayed') await new Promise((r) => setTimeout(r, 50));
      }
      expect(state).toBe('delayed');
      const job = await queue.getJob(jobIdOf('alert:telegram:-1004:e:3'));
      expect(job!.timestamp + job!.delay).toBeGreaterThanOrEqual(Math.ceil(Date.now() / 60_000) * 60_000 - 60_000);
      expect(attempts).toHaveLength(2);
      await queue.close();
    });
  });
});
