// The workers of the shared post queue (post-queue.ts): each posts its platform's jobs through the running
// adapter's poster under one rate shared by every worker of every process (Discord about 50/s, Telegram 30/s: a
// SharedRate in Redis, taken right before each message's request leaves, so the rate holds where requests go out
// however the jobs' starts and the work before the send bunch; a Discord global 429 holds it for every process),
// plus a platform's limit per group chat and minute where it has one (Telegram's 20; a counter per group and
// minute in Redis; a job over it waits for the next minute). The limits come from the platform table. A failed post is retried after the `retry_after` the
// platform asked for (else with backoff); a post that fails every try stays in the queue's failed set (the dead
// letters) with a log line. A chat gone for good is reported once (onGone) and not retried. An edit job (an alert
// that deepened) edits its message in place; a message that is gone answers `message-gone` (the sender posts anew).
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Platform, Reply } from '../core/reply.ts';
import { ChannelGoneError, MessageGoneError, type Poster } from '../adapters/post.ts';
import { PLATFORMS, platformNamed } from '../adapters/platforms.ts';
import { SharedRate } from '../cluster/shared-rate.ts';
import { recordPost } from '../observability/metrics.ts';
import type { ChannelRef } from '../store/schedules/types.ts';
import { IN_FLIGHT_SECONDS, type DeliveryOutcome, type EditOutcome } from './fan-out.ts';
import { bullConnection, postQueueName, type PostJobData } from './post-queue.ts';
import { replyFromJson } from './reply-json.ts';

/** Settings of the post workers. */
export interface PostWorkersOptions {
  /** Redis URL. */
  url: string;
  /** Redis connection for stored replies and the per-group counters. */
  redis: Redis;
  prefix: string;
  /** The running adapters' posters: one worker per platform that has one. */
  posters: Partial<Record<Platform, Poster>>;
  /** Requests per second per platform, shared by every worker of every process (one message is one request). */
  perSecond: Partial<Record<Platform, number>>;
  /** Most posts to one group chat per minute, by platform (those with such a limit), shared by every worker. */
  groupPerMinute?: Partial<Record<Platform, number>>;
  logger: Logger;
  /** Called once per post that found its chat gone for good (remove its digest and alerts here). */
  onGone?(where: ChannelRef, reason: string, movedTo?: string): void;
  /** Posts in flight per worker (default: IN_FLIGHT_SECONDS of the platform's rate; the shared rate paces them). */
  concurrency?: number;
}

/** Running post workers. */
export interface PostWorkers {
  workers: Worker<PostJobData, DeliveryOutcome | EditOutcome>[];
  /** Stop taking jobs; posts in flight finish first. */
  stop(): Promise<void>;
}

/** The Redis key of a platform's shared request rate. */
export function sharedRateKey(prefix: string, platform: Platform): string {
  return `${prefix}:rate:${platform}`;
}

/** The wait a failed post's platform asked for, ms (as its platform module reads the error), if any. */
export function retryAfterMs(err: unknown): number | undefined {
  for (const platform of PLATFORMS) {
    const ms = platform.retryAfterMs(err);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/** The wait a global rate limit asked of the whole bot, ms (discord.js's RateLimitError with `global`), if any. */
export function globalRetryAfterMs(err: unknown): number | undefined {
  return (err as { global?: unknown } | undefined)?.global === true ? retryAfterMs(err) : undefined;
}

/** Start one worker per platform with a poster. */
export function startPostWorkers(options: PostWorkersOptions): PostWorkers {
  const log = options.logger.child({ part: 'post-workers' });
  const replies = new LRUCache<string, Reply>({
    max: 16,
    fetchMethod: async (key) => {
      const json = await options.redis.get(key);
      return json === null ? undefined : replyFromJson(json);
    },
  });
  const workers: Worker<PostJobData, DeliveryOutcome | EditOutcome>[] = [];
  for (const [platform, poster] of Object.entries(options.posters) as Array<[Platform, Poster | undefined]>) {
    const rate = options.perSecond[platform];
    if (poster === undefined || rate === undefined) continue;
    const perGroupMinute = options.groupPerMinute?.[platform];
    const isGroupChat = platformNamed(platform)?.isGroupChat ?? (() => false);
    const shared = new SharedRate(options.redis, { key: sharedRateKey(options.prefix, platform), perSecond: rate });
    const beforeSend = () => shared.take();
    const process = async (
      job: Job<PostJobData, DeliveryOutcome | EditOutcome>,
      token?: string,
    ): Promise<DeliveryOutcome | EditOutcome> => {
      const { channel, kind, what, messageId } = job.data;
      const reply = await replies.fetch(job.data.replyKey);
      if (reply === undefined)
        throw new UnrecoverableError(`the reply of this post expired from Redis (${job.data.replyKey})`);
      if (perGroupMinute !== undefined && isGroupChat({ channel, kind })) {
        const minute = Math.floor(Date.now() / 60_000);
        const counter = `${options.prefix}:${platform}-group:${channel}:${minute.toString()}`;
        const results = await options.redis.multi().incr(counter).pexpire(counter, 120_000).exec();
        if (Number(results?.[0]?.[1]) > perGroupMinute) {
          await job.moveToDelayed((minute + 1) * 60_000 + Math.floor(Math.random() * 1000), token);
          throw new DelayedError();
        }
      }
      let messageIds: string[] | undefined;
      try {
        if (messageId !== undefined) {
          if (poster.edit === undefined) return { status: 'no-adapter' };
          await beforeSend(); // an edit counts against the platform's rate like a post
          await poster.edit({ channel, kind }, messageId, reply);
          log.info({ platform, channel, what, message: messageId, job: job.id }, 'edited');
          return { status: 'edited' };
        }
        const target = { channel, kind, ...(job.id === undefined ? {} : { key: job.id }) };
        messageIds = (await poster.post(target, reply, { beforeSend }))?.messageIds;
      } catch (error) {
        if (error instanceof MessageGoneError) {
          log.info({ platform, channel, what, message: messageId, reason: error.reason }, 'message to edit is gone');
          return { status: 'message-gone' };
        }
        // Discord's global limit is the bot's, across every process: all of them hold off for the wait it asked
        const hold = globalRetryAfterMs(error);
        if (hold !== undefined)
          await shared
            .hold(hold)
            .catch((err: unknown) => log.warn({ err }, 'could not hold the shared rate after a global 429'));
        if (!(error instanceof ChannelGoneError)) throw error;
        log.warn(
          { platform, channel, what, reason: error.reason, ...(error.movedTo ? { movedTo: error.movedTo } : {}) },
          error.movedTo
            ? 'chat moved to a new id; its digest and alerts follow it'
            : 'chat is gone for good; removing its digest and alerts',
        );
        try {
          options.onGone?.({ platform, channel, kind }, error.reason, error.movedTo);
        } catch (err) {
          log.error({ err, platform, channel }, 'could not remove a gone chat');
        }
        recordPost(platform, 'failed');
        return { status: 'gone', reason: error.reason, ...(error.movedTo ? { movedTo: error.movedTo } : {}) };
      }
      recordPost(platform, 'sent');
      log.info({ platform, channel, what, job: job.id }, 'posted');
      return messageIds === undefined ? { status: 'sent' } : { status: 'sent', messageIds };
    };
    const worker = new Worker<PostJobData, DeliveryOutcome | EditOutcome>(postQueueName(platform), process, {
      connection: bullConnection(options.url),
      prefix: options.prefix,
      concurrency: options.concurrency ?? Math.max(1, Math.ceil(rate * IN_FLIGHT_SECONDS)),
      // a busy process renews its job locks late; a longer lock keeps a slow post from being taken for a
      // stalled one and made again by another worker
      lockDuration: 120_000,
      // no BullMQ limiter: it paced job starts, not requests (a post's request can leave much later, after a stall
      // or from discord.js's own queue, together with others); the shared rate paces the requests themselves
      settings: {
        // honour the wait the platform asked for; otherwise 1 s, 2 s, 4 s...
        backoffStrategy: (attemptsMade, _type, err) => retryAfterMs(err) ?? 1000 * 2 ** Math.max(0, attemptsMade - 1),
      },
    });
    worker.on('failed', (job, err) => {
      if (job === undefined) return;
      const attempts = job.opts.attempts ?? 1;
      const where = {
        platform,
        channel: job.data.channel,
        what: job.data.what,
        job: job.id,
        attempt: job.attemptsMade,
      };
      if (job.attemptsMade >= attempts || err instanceof UnrecoverableError) {
        recordPost(platform, 'failed');
        log.error(
          { ...where, err },
          `post failed for good: kept in the dead letters (failed jobs of queue ${postQueueName(platform)})`,
        );
      } else {
        log.warn({ ...where, err, retryInMs: retryAfterMs(err) }, 'post failed; will retry');
      }
    });
    worker.on('error', (err) => log.error({ err, platform }, 'post worker error'));
    workers.push(worker);
  }
  return {
    workers,
    async stop() {
      await Promise.allSettled(workers.map((w) => w.close()));
    },
  };
}
