// Delivers whybot's own posts (digests, alerts) to many chats: a queue per platform that keeps under the
// platform's rate (bottleneck; Telegram's per-chat limits are the adapter's outbox), every chat on its own so
// one failing chat never holds up the others, and a chat that is gone for good reported once for removal.
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { Platform, Reply } from '../core/reply.ts';
import { ChannelGoneError, type Poster } from '../adapters/post.ts';
import { recordPost } from '../observability/metrics.ts';
import type { ChannelRef } from '../store/schedules/types.ts';

/** Posts per second each platform's queue lets through (Discord allows about 50/s, Telegram about 30/s). */
export interface FanOutRates {
  discordPerSecond: number;
  telegramPerSecond: number;
}

/** Default rates, a little under the platforms' limits (room left for command replies, which share them). */
export const DEFAULT_FAN_OUT_RATES: FanOutRates = { discordPerSecond: 45, telegramPerSecond: 25 };

/** How one post went. */
export type DeliveryOutcome =
  | { status: 'sent' }
  | { status: 'gone'; reason: string; movedTo?: string }
  | { status: 'failed'; error: unknown }
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
  /** Stop delivering (queued posts of this process are dropped). */
  stop(): Promise<void>;
}

/** Settings of a FanOut. */
export interface FanOutOptions {
  /** The running adapters' posters by platform (a platform without one is skipped). */
  posters: Partial<Record<Platform, Poster>>;
  rates?: FanOutRates;
  logger: Logger;
  /** Called once per post that found its chat gone for good (remove its digest and alerts here). */
  onGone?(where: ChannelRef, reason: string, movedTo?: string): void;
}

/** The in-process fan-out queue (one process: the database claims already keep each post to one). */
export class FanOut implements Delivery {
  private readonly limiters = new Map<Platform, Bottleneck>();
  private readonly log: Logger;

  constructor(private readonly options: FanOutOptions) {
    this.log = options.logger.child({ part: 'fan-out' });
    const rates = options.rates ?? DEFAULT_FAN_OUT_RATES;
    const perSecond: Partial<Record<Platform, number>> = { discord: rates.discordPerSecond, telegram: rates.telegramPerSecond };
    for (const [platform, rate] of Object.entries(perSecond) as Array<[Platform, number]>) {
      // evenly spaced starts (no bursts at window edges), at most `rate` in flight
      this.limiters.set(platform, new Bottleneck({ minTime: Math.ceil(1000 / rate), maxConcurrent: rate }));
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
    const limiter = this.limiters.get(where.platform);
    const post = () => poster.post({ channel: where.channel, kind: where.kind }, reply);
    try {
      await (limiter === undefined ? post() : limiter.schedule(post));
      this.log.info({ platform: where.platform, channel: where.channel, what }, 'posted');
      recordPost(where.platform, 'sent');
      return { status: 'sent' };
    } catch (error) {
      recordPost(where.platform, 'failed');
      if (error instanceof ChannelGoneError) {
        this.log.warn(
          { platform: where.platform, channel: where.channel, what, reason: error.reason, ...(error.movedTo ? { movedTo: error.movedTo } : {}) },
          error.movedTo ? 'chat moved to a new id; its digest and alerts follow it' : 'chat is gone for good; removing its digest and alerts',
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

  /** Post to many chats at once (each independently); outcomes in the order given. */
  sendAll(posts: ReadonlyArray<{ where: ChannelRef; reply: Reply; what: string }>): Promise<DeliveryOutcome[]> {
    return Promise.all(posts.map((p) => this.send(p.where, p.reply, p.what)));
  }

  /** Drop queued posts and stop the queues' timers. */
  async stop(): Promise<void> {
    await Promise.all([...this.limiters.values()].map((l) => l.stop({ dropWaitingJobs: true }).catch(() => undefined)));
    for (const l of this.limiters.values()) await l.disconnect();
  }
}
