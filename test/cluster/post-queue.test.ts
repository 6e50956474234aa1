// Digests and alerts through the BullMQ queue on the real Redis: two processes (each its own discord.js client,
// queue and worker) sending the same posts post each once; the rate shared through Redis keeps two workers under
// the fake Discord's global limit (no 429), even when the work between a job's start and its request stalls and
// bunches (the rate is taken right before each request leaves); a worker's own Discord client fails a post on a
// global 429 (instead of queueing it and letting all it queued out at once after the wait) and the post is retried
// after the wait; a failed post is retried after the retry_after asked for; a post failing every try lands in the
// dead letters with a log line; a gone chat is reported once; two workers' Telegram posts keep to the shared
// rate together; Telegram's per-group minute limit holds a group's extra post for the next minute. Runs when REDIS_URL_TEST is set.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import type { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Platform, Reply } from '../../src/core/reply.ts';
import { ChannelGoneError, type Poster } from '../../src/adapters/post.ts';
import { startPostingAdapters } from '../../src/app/posting-adapters.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { connectRedis } from '../../src/cluster/redis.ts';
import { type RateSlot, SharedRate } from '../../src/cluster/shared-rate.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { bullConnection, jobIdOf, PostQueue, postQueueName } from '../../src/deliver/post-queue.ts';
import { startPostWorkers, type PostWorkers } from '../../src/deliver/post-workers.ts';
import { replyFromJson, replyToJson } from '../../src/deliver/reply-json.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { startFakeTelegram } from '../fakes/telegram-server.ts';
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

/** Records every slot of the shared rate taken from now on; resolves to their times (ms on Redis's clock), sorted. */
function recordSlots(): () => Promise<number[]> {
  const reserve = vi.spyOn(SharedRate.prototype, 'reserve');
  return async () => {
    const taken = await Promise.all(reserve.mock.results.map((r) => r.value as Promise<RateSlot>));
    return taken.map((slot) => slot.atUs / 1000).sort((x, y) => x - y);
  };
}

/** The most of `times` (epoch ms) that fall within any `spanMs` starting at one of them. */
const mostWithin = (times: readonly number[], spanMs: number) =>
  Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + spanMs).length));

describe('reply JSON', () => {
  it('carries file bytes through JSON unchanged', () => {
    const back = replyFromJson(replyToJson(reply));
    expect(back).toEqual(reply);
    expect((back as { files: Array<{ data: Uint8Array }> }).files[0]!.data).toBeInstanceOf(Uint8Array);
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
    vi.restoreAllMocks();
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
      groupPerMinute: { telegram: extra.groupPerMinute ?? 20 },
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
        loadConfig(
          { DISCORD_TOKEN: 'queue-test-token', DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'silent' },
          PLATFORMS,
        ),
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

    it('keeps to the limit when the sends of jobs started apart bunch up (a stall before the send)', async () => {
      // every post is held until a common moment, as when a process's event loop stalls between taking jobs and
      // sending them: pacing the jobs' starts (BullMQ's limiter) let all of them out at once then, and the fake's
      // bucket of 10 answered the rest 429; the shared rate, taken right before each request, spaces them
      const slots = recordSlots();
      let release!: () => void;
      const stalled = new Promise<void>((resolve) => (release = resolve));
      let held = 0;
      const holding = async (): Promise<Poster> => {
        const real = await discordPoster();
        return {
          platform: 'discord',
          async post(target, r, options) {
            held += 1;
            await stalled;
            return real.post(target, r, options);
          },
        };
      };
      const a = await processWith({ discord: await holding() }, { discord: 9 });
      const b = await processWith({ discord: await holding() }, { discord: 9 });
      const channels = Array.from({ length: 24 }, (_, i) => (1_500_000_000_000_000_100n + BigInt(i)).toString());
      const sent = Promise.all(
        channels.map((channel, i) =>
          (i % 2 === 0 ? a : b).queue.send(
            { platform: 'discord', channel, kind: 'group' },
            reply,
            'digest',
            `digest:discord:${channel}:2024-08-06`,
          ),
        ),
      );
      // both workers take up to their concurrency (several seconds of 9/s each: all 24) before the stall ends
      for (let i = 0; i < 200 && held < 24; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(held).toBe(24);
      // no slot is taken while the sends are stalled: the rate is taken right before each request leaves
      expect(await slots()).toHaveLength(0);
      release();
      const outcomes = await sent;
      expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
      expect(channelPosts()).toHaveLength(24);
      expect(discord.rateLimited()).toBe(0);
      // every request took its slot of the shared 9/s right before it left: one each, and 14 fit in 1.5 s (the
      // slots' own times on Redis's clock, not arrival times a loaded machine bunches)
      const times = await slots();
      expect(times).toHaveLength(24);
      expect(mostWithin(times, 1500)).toBeLessThanOrEqual(14);
    });
  });

  describe("against the fake Discord, a worker process's own client", () => {
    it('fails a post on a global 429 instead of queueing it, holds the shared rate, and posts it once after', async () => {
      const discord = await startFakeDiscord();
      const { logger } = memoryLogger();
      const adapters = await startPostingAdapters(
        loadConfig(
          { DISCORD_TOKEN: 'queue-test-token', DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'silent' },
          PLATFORMS,
        ),
        logger,
      );
      stops.push(
        () => discord.close(),
        () => adapters.stop(),
      );
      discord.fail({
        method: 'POST',
        path: /^\/channels\/\d+\/messages$/,
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 0.8, global: true, code: 0 },
        headers: { 'retry-after': '1', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      });
      const p = await processWith({ discord: adapters.posters.discord! }, { discord: 10 });
      const outcome = await p.queue.send(
        { platform: 'discord', channel: '1500000000000000201', kind: 'group' },
        reply,
        'digest',
        'digest:discord:1500000000000000201:2024-08-07',
      );
      expect(outcome).toMatchObject({ status: 'sent' });
      const posts = discord.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/channels/'));
      expect(posts.map((c) => c.status)).toEqual([429, 200]);
      // retried after the wait Discord asked for (Retry-After: 1 s), not sooner
      expect(posts[1]!.arrivedAt - posts[0]!.arrivedAt).toBeGreaterThanOrEqual(950);
      // (discord.js adds its 50 ms offset to Retry-After)
      const retry = p.lines.find((l) => l.msg === 'post failed; will retry');
      expect(Number(retry?.retryInMs)).toBeGreaterThanOrEqual(1000);
      expect(p.lines.filter((l) => l.msg === 'posted')).toHaveLength(1);
    });
  });

  describe('against the fake Telegram', () => {
    it("two workers' Telegram posts keep to the shared rate together", async () => {
      const slots = recordSlots();
      const telegram = await startFakeTelegram();
      const config = loadConfig(
        {
          TELEGRAM_TOKEN: '123456:queue-test-token',
          TELEGRAM_API_ROOT: telegram.apiRoot,
          LOG_LEVEL: 'silent',
        },
        PLATFORMS,
      );
      const processes: Array<Awaited<ReturnType<typeof processWith>>> = [];
      for (let i = 0; i < 2; i += 1) {
        // each worker process has its own outbox (30/s each on its own); the 10/s is shared through Redis
        const adapters = await startPostingAdapters(config, memoryLogger().logger);
        stops.push(() => adapters.stop());
        processes.push(await processWith({ telegram: adapters.posters.telegram! }, { telegram: 10 }));
      }
      stops.push(() => telegram.close());
      const chats = Array.from({ length: 30 }, (_, i) => (7_000_001 + i).toString());
      const outcomes = await Promise.all(
        chats.map((chat, i) =>
          processes[i % 2]!.queue.send(
            { platform: 'telegram', channel: chat, kind: 'direct' },
            reply,
            'digest',
            `digest:telegram:${chat}:2024-08-05`,
          ),
        ),
      );
      expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
      const sends = telegram.calls
        .filter((c) => c.method === 'sendMessage' || c.method === 'sendPhoto')
        .map((c) => c.at)
        .sort((x, y) => x - y);
      expect(sends).toHaveLength(30);
      // both workers posted, and together took slots of the shared 10/s: 30 slots span 2.9 s, no second holds
      // more than 10 (the slots' times on Redis's clock)
      expect(processes.every((p) => p.lines.some((l) => l.msg === 'posted'))).toBe(true);
      const times = await slots();
      expect(times).toHaveLength(30);
      expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(2_900);
      expect(mostWithin(times, 1000)).toBeLessThanOrEqual(10);
    });
  });

  describe('against the fake Discord, directly', () => {
    it("a keyed post sent again (a retry after a timeout) is refused by Discord's nonce", async () => {
      const discord = await startFakeDiscord();
      const { logger } = memoryLogger();
      const bot = await runBot(
        loadConfig(
          { DISCORD_TOKEN: 'queue-test-token', DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'silent' },
          PLATFORMS,
        ),
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
