// Digests and drop alerts as BullMQ jobs (with REDIS_URL): one queue per platform shared by every process. A
// post's job id is its idempotency key (chat + digest day, chat + alert band), so however many processes enqueue
// it, it is posted once; the reply is stored once in Redis and every job names it, so a digest to 10,000 chats
// keeps one copy of its chart. An alert that deepens is an edit job (the message id and the new reply). The
// sender waits for the job's outcome; the workers (post-workers.ts) post and edit.
import { createHash } from 'node:crypto';
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Platform, Reply } from '../core/reply.ts';
import type { ChannelRef } from '../store/schedules/types.ts';
import type { Delivery, DeliveryOutcome, EditOutcome } from './fan-out.ts';
import { replyToJson } from './reply-json.ts';

/** What one queued post carries (the reply itself is stored once, under `replyKey`). */
export interface PostJobData {
  platform: Platform;
  channel: string;
  kind: ChannelRef['kind'];
  replyKey: string;
  what: string;
  /** Edit this message (the first id of an earlier post) into the reply, instead of posting a new one. */
  messageId?: string;
}

/** How long a stored reply, and a finished job's id (the idempotency window), are kept: two days, ms. */
export const KEEP_MS = 2 * 86_400_000;

/** The BullMQ queue name of a platform's posts. */
export function postQueueName(platform: Platform): string {
  return `posts-${platform}`;
}

/** A BullMQ job id from an idempotency key (BullMQ refuses ':' in custom ids). */
export function jobIdOf(key: string): string {
  return key.replaceAll(':', '~');
}

/** The connection options BullMQ gets (workers need commands that wait forever for blocking reads). */
export function bullConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null };
}

/** Settings of a PostQueue. */
export interface PostQueueOptions {
  /** Redis URL. */
  url: string;
  /** Redis connection for the stored replies. */
  redis: Redis;
  /** Key prefix (BullMQ's prefix too). */
  prefix: string;
  /** Platforms whose posts are queued (those with a chat token configured: some worker runs their adapter). */
  platforms: Platform[];
  logger: Logger;
  /** Tries of one post before it goes to the dead letters (default 5). */
  attempts?: number;
  /** Longest a sender waits for a post's outcome, ms (default 15 min); the post may still happen after. */
  waitMs?: number;
}

/**
 * Jobs being added at once: a digest to 10,000 chats is enqueued in turns instead of in one go (at 200 the
 * process still stalled 150-300 ms at a time while enqueueing; at 50 no stall passed 100 ms, in the same time).
 */
const ADDING_AT_ONCE = 50;

/** The sending side of the shared queue. */
export class PostQueue implements Delivery {
  private readonly queues = new Map<Platform, { queue: Queue<PostJobData>; events: QueueEvents }>();
  /**
   * 10,000 adds at once went to Redis as one pipeline whose answers were then handled in one go: the process
   * stalled for seconds (measured: 1.2 s alone, 2.2-3.9 s in the scale-fanout bench), and a worker or chat
   * adapter in it with it.
   */
  private adding = 0;
  private readonly waitingToAdd: Array<() => void> = [];
  private readonly stored = new WeakMap<Reply, Promise<string>>();
  private readonly log: Logger;

  private constructor(private readonly options: PostQueueOptions) {
    this.log = options.logger.child({ part: 'post-queue' });
    for (const platform of options.platforms) {
      const name = postQueueName(platform);
      const connection = bullConnection(options.url);
      const queue = new Queue<PostJobData>(name, { connection, prefix: options.prefix });
      const events = new QueueEvents(name, { connection, prefix: options.prefix });
      // every post in flight waits on these emitters (10,000 at once for a large digest)
      queue.setMaxListeners(0);
      events.setMaxListeners(0);
      this.queues.set(platform, { queue, events });
    }
  }

  /** Open the queues and wait until their event streams are read (so no outcome is missed). */
  static async open(options: PostQueueOptions): Promise<PostQueue> {
    const queue = new PostQueue(options);
    await Promise.all(
      [...queue.queues.values()].map(async (q) => Promise.all([q.queue.waitUntilReady(), q.events.waitUntilReady()])),
    );
    return queue;
  }

  canPost(platform: Platform): boolean {
    return this.queues.has(platform);
  }

  async send(where: ChannelRef, reply: Reply, what: string, key?: string): Promise<DeliveryOutcome> {
    if (!this.queues.has(where.platform)) return { status: 'no-adapter' };
    return this.run<DeliveryOutcome>(where, reply, what, key === undefined ? undefined : () => key);
  }

  /**
   * Edit a message posted earlier, through the workers (whose adapters can edit). The job's id is the message and
   * the new reply's content, so the same edit enqueued by several processes is made once.
   */
  async edit(where: ChannelRef, messageId: string, reply: Reply, what: string): Promise<EditOutcome> {
    if (!this.queues.has(where.platform)) return { status: 'no-adapter' };
    const key = (replyKey: string) => `edit:${where.platform}:${where.channel}:${messageId}:${replyKey.slice(-16)}`;
    return this.run<EditOutcome>(where, reply, what, key, messageId);
  }

  /** Queue one post (or edit) and wait for its outcome; a failure to queue or to finish is a `failed` outcome. */
  private async run<O extends DeliveryOutcome | EditOutcome>(
    where: ChannelRef,
    reply: Reply,
    what: string,
    keyOf: ((replyKey: string) => string) | undefined,
    messageId?: string,
  ): Promise<O> {
    const q = this.queues.get(where.platform)!;
    let key: string | undefined;
    try {
      const replyKey = await this.store(reply);
      key = keyOf?.(replyKey);
      const job = await this.inTurn(() =>
        q.queue.add(
          messageId === undefined ? 'post' : 'edit',
          {
            platform: where.platform,
            channel: where.channel,
            kind: where.kind,
            replyKey,
            what,
            ...(messageId === undefined ? {} : { messageId }),
          },
          {
            ...(key === undefined ? {} : { jobId: jobIdOf(key) }),
            attempts: this.options.attempts ?? 5,
            backoff: { type: 'retry-after', delay: 1000 },
            removeOnComplete: { age: KEEP_MS / 1000 },
            removeOnFail: { age: (7 * KEEP_MS) / 1000 },
          },
        ),
      );
      return (await job.waitUntilFinished(q.events, this.options.waitMs ?? 15 * 60_000)) as O;
    } catch (error) {
      this.log.error(
        { err: error, platform: where.platform, channel: where.channel, what, ...(key ? { key } : {}) },
        messageId === undefined ? 'queued post failed' : 'queued edit failed',
      );
      return { status: 'failed', error } as O;
    }
  }

  /** Run `add` when fewer than ADDING_AT_ONCE others are running (in the order asked). */
  private async inTurn<T>(add: () => Promise<T>): Promise<T> {
    if (this.adding >= ADDING_AT_ONCE) await new Promise<void>((resolve) => this.waitingToAdd.push(resolve));
    else this.adding += 1;
    try {
      return await add();
    } finally {
      const next = this.waitingToAdd.shift();
      if (next === undefined) this.adding -= 1;
      else next(); // the turn passes on: `adding` stays
    }
  }

  /** Store the reply once (per reply object here, per content in Redis); resolves to its key. */
  private store(reply: Reply): Promise<string> {
    let stored = this.stored.get(reply);
    if (stored === undefined) {
      stored = (async () => {
        const json = replyToJson(reply);
        const key = `${this.options.prefix}:reply:${createHash('sha256').update(json).digest('hex')}`;
        await this.options.redis.set(key, json, 'PX', KEEP_MS);
        return key;
      })();
      stored.catch(() => this.stored.delete(reply));
      this.stored.set(reply, stored);
    }
    return stored;
  }

  /** Close the queues (posts already queued stay for the workers). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].flatMap((q) => [q.events.close(), q.queue.close()]));
  }
}
