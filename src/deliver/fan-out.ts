// Delivers whybot's own posts (digests, alerts) to many chats: a queue per platform that keeps under the
// platform's rate (bottleneck; per-chat limits are the platform adapter's own), every chat on its own so
// one failing chat never holds up the others, and a chat that is gone for good reported once for removal.
// Each queue is bounded (maxQueued): past it the oldest waiting post is dropped, logged, and reported as such.
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { Platform, Reply } from '../core/reply.ts';
import { PLATFORMS } from '../adapters/platforms.ts';
import { ChannelGoneError, MessageGoneError, type Poster } from '../adapters/post.ts';
import { recordPost } from '../observability/metrics.ts';
import type { ChannelRef } from '../store/schedules/types.ts';

/** Posts per second each platform's queue lets through, by platform (0: no queue of its own). */
export type FanOutRates = Partial<Record<Platform, number>>;

/** Default rates, a little under the platforms' limits (room left for command replies, which share them). */
export const DEFAULT_FAN_OUT_RATES: FanOutRates = Object.fromEntries(
  PLATFORMS.map((platform) => [platform.name, platform.defaultPostsPerSecond]),
);

/** How one post went. */
export type DeliveryOutcome =
  | { status: 'sent'; messageIds?: string[] }
  | { status: 'gone'; reason: string; movedTo?: string }
  | { status: 'failed'; error: unknown }
  | { status: 'dropped' }
  | { status: 'no-adapter' };

/**
 * What the digest scheduler and the alert watcher post through: the in-process FanOut below, or, with Redis,
 * the BullMQ queue every process shares (post-queue.ts).
 */
export interface Delivery {
  /** Whether posts to this platform can be delivered (an adapter for it runs here, or on the queue's workers). */
  canPost(platform: Platform): boolean;
  /**
   * Post `reply` to one chat. `key` names the post for idempotency (one post per chat per digest day or alert
   * band, however many processes send it). Never throws; the outcome says how it went.
   */
  send(where: ChannelRef, reply: Reply, what: string, key?: string): Promise<DeliveryOutcome>;
  /** Edit a message posted earlier (`no-adapter` when this delivery cannot edit: post anew then). Never throws. */
  edit(where: ChannelRef, messageId: string, reply: Reply, what: string): Promise<EditOutcome>;
  /** Stop delivering (queued posts of this process are dropped). */
  stop(): Promise<void>;
}

/** How an edit went. */
export type EditOutcome = { status: 'edited' | 'message-gone' | 'no-adapter' } | { status: 'failed'; error: unknown };

/** Settings of a FanOut. */
export interface FanOutOptions {
  /** The running adapters' posters by platform (a platform without one is skipped). */
  posters: Partial<Record<Platform, Poster>>;
  rates?: FanOutRates;
  logger: Logger;
  /** Called once per post that found its chat gone for good (remove its digest and alerts here). */
  onGone?(where: ChannelRef, reason: string, movedTo?: string): void;
  /** Most posts waiting in one platform's queue (default 50,000); past it the oldest waiting one is dropped. */
  maxQueued?: number;
}

/**
 * How many seconds' worth of posts may be in flight at once. A post can take a few seconds (a text, the
 * platform's pause between two messages to one chat, then its chart); a cap of one second's worth let those pauses
 * hold up the next chats' starts, so a second alert waited behind the first one's charts.
 */
export const IN_FLIGHT_SECONDS = 4;

/** Posts a platform's queue holds by default: room for a digest to every chat of a large bot at once. */
export const DEFAULT_FAN_OUT_MAX_QUEUED = 50_000;

/** The in-process fan-out queue (one process: the database claims already keep each post to one). */
export class FanOut implements Delivery {
  private readonly limiters = new Map<Platform, Bottleneck>();
  private readonly log: Logger;
  private stopping = false;

  constructor(private readonly options: FanOutOptions) {
    this.log = options.logger.child({ part: 'fan-out' });
    const rates = options.rates ?? DEFAULT_FAN_OUT_RATES;
    for (const [platform, rate] of Object.entries(rates) as Array<[Platform, number]>) {
      // A rate of 0: no queue of its own; the platform client's limiter alone paces the posts.
      if (!(rate > 0)) continue;
      // evenly spaced starts (no bursts at window edges), at most IN_FLIGHT_SECONDS' worth in flight
      const limiter = new Bottleneck({
        minTime: Math.ceil(1000 / rate),
        maxConcurrent: Math.max(1, Math.floor(rate * IN_FLIGHT_SECONDS)),
        highWater: options.maxQueued ?? DEFAULT_FAN_OUT_MAX_QUEUED,
        strategy: Bottleneck.strategy.LEAK,
      });
      limiter.on('dropped', (info: Bottleneck.EventInfoDropped) => {
        if (this.stopping) return;
        const [where, what] = info.args as [ChannelRef, string];
        this.log.warn(
          { platform, channel: where?.channel, what },
          'fan-out queue full: dropped the oldest waiting post',
        );
      });
      this.limiters.set(platform, limiter);
    }
  }

  /** Whether this process can post to the platform (an adapter for it is running). */
  canPost(platform: Platform): boolean {
    return this.options.posters[platform] !== undefined;
  }

  /** Post `reply` to one chat through its platform's queue. Never throws; the outcome says how it went. */
  async send(where: ChannelRef, reply: Reply, what: string, _key?: string): Promise<DeliveryOutcome> {
    const poster = this.options.posters[where.platform];
    if (poster === undefined) return { status: 'no-adapter' };
    // stopping: nothing new is sent (the caller hands the post back)
    if (this.stopping) return { status: 'dropped' };
    const limiter = this.limiters.get(where.platform);
    const post = (_where: ChannelRef, _what: string) =>
      poster.post({ channel: where.channel, kind: where.kind }, reply);
    try {
      const receipt = await (limiter === undefined ? post(where, what) : limiter.schedule(post, where, what));
      this.log.info({ platform: where.platform, channel: where.channel, what }, 'posted');
      recordPost(where.platform, 'sent');
      return receipt ? { status: 'sent', messageIds: receipt.messageIds } : { status: 'sent' };
    } catch (error) {
      // dropped from a full queue, or still waiting when the queue stopped: it was never sent
      if (error instanceof Bottleneck.BottleneckError && /dropped|stopped/i.test(error.message)) {
        if (!this.stopping) recordPost(where.platform, 'failed');
        return { status: 'dropped' };
      }
      recordPost(where.platform, 'failed');
      if (error instanceof ChannelGoneError) {
        this.log.warn(
          {
            platform: where.platform,
            channel: where.channel,
            what,
            reason: error.reason,
            ...(error.movedTo ? { movedTo: error.movedTo } : {}),
          },
          error.movedTo
            ? 'chat moved to a new id; its digest and alerts follow it'
            : 'chat is gone for good; removing its digest and alerts',
        );
        try {
          this.options.onGone?.(where, error.reason, error.movedTo);
        } catch (err) {
          this.log.error({ err, platform: where.platform, channel: where.channel }, 'could not remove a gone chat');
        }
        return { status: 'gone', reason: error.reason, ...(error.movedTo ? { movedTo: error.movedTo } : {}) };
      }
      this.log.error({ err: error, platform: where.platform, channel: where.channel, what }, 'post failed');
      return { status: 'failed', error };
    }
  }

  /**
   * Edit an earlier post in place (an alert whose drop deepened). `message-gone` when it was deleted or cannot
   * be edited (post anew then), `no-adapter` when the platform's poster cannot edit. Never throws.
   */
  async edit(where: ChannelRef, messageId: string, reply: Reply, what: string): Promise<EditOutcome> {
    const poster = this.options.posters[where.platform];
    if (poster?.edit === undefined) return { status: 'no-adapter' };
    const limiter = this.limiters.get(where.platform);
    const edit = () => poster.edit!({ channel: where.channel, kind: where.kind }, messageId, reply);
    try {
      await (limiter === undefined ? edit() : limiter.schedule(edit));
      this.log.info({ platform: where.platform, channel: where.channel, message: messageId, what }, 'edited');
      return { status: 'edited' };
    } catch (error) {
      if (error instanceof MessageGoneError) {
        this.log.info(
          { platform: where.platform, channel: where.channel, message: messageId, reason: error.reason, what },
          'message to edit is gone; posting anew',
        );
        return { status: 'message-gone' };
      }
      this.log.error(
        { err: error, platform: where.platform, channel: where.channel, message: messageId, what },
        'edit failed',
      );
      return { status: 'failed', error };
    }
  }

  /** Post to many chats at once (each independently); outcomes in the order given. */
  sendAll(posts: ReadonlyArray<{ where: ChannelRef; reply: Reply; what: string }>): Promise<DeliveryOutcome[]> {
    return Promise.all(posts.map((p) => this.send(p.where, p.reply, p.what)));
  }

  /**
   * Stop: posts not yet sent resolve `dropped` (never sent; their callers hand them back), the ones being sent
   * finish first; then the queues' timers stop.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.limiters.values()].map((l) => l.stop({ dropWaitingJobs: true }).catch(() => undefined)));
    for (const l of this.limiters.values()) await l.disconnect();
  }
}
