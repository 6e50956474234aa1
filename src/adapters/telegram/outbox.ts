// Outgoing Telegram calls, throttled to Telegram's limits with bottleneck (about 1 message/s per chat,
// 20/minute per group, about 30/s overall) and retried after the `retry_after` a 429 answer asks for.
// The queues are bounded: past the limit bottleneck drops the oldest of the least important messages (a stale
// command reply goes before a digest or an alert; a new reply never pushes out a post), and each drop is logged.
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import { retryAfterSeconds } from './retry-after.ts';

/** Telegram's sending limits, configurable so a self-hosted Bot API server or a test can change them. */
export interface TelegramLimits {
  /** Least time between two messages to the same chat, ms. */
  perChatIntervalMs: number;
  /** Most messages to one group per minute. */
  groupPerMinute: number;
  /** Most messages per second across all chats. */
  globalPerSecond: number;
  /** How many times one message is retried after a 429. */
  maxRetries: number;
  /** A 429 asking to wait longer than this (seconds) is not retried. */
  maxRetryAfterSeconds: number;
  /** Most messages waiting for one chat; past this the oldest least important one is dropped. */
  maxQueuedPerChat: number;
  /** Most messages waiting for their turn under the overall rate, across chats. */
  maxQueued: number;
}

/** What a message is: a command reply (dropped first when a queue is full) or whybot's own post (digest, alert). */
export type OutboxKind = 'reply' | 'post';

/** bottleneck priorities: lower runs first and is dropped last. */
const PRIORITY: Record<OutboxKind, number> = { post: 3, reply: 6 };

/**
 * A post's first message runs before other posts' later parts and charts, so a fan-out reaches every chat's text
 * first (an alert's words before the previous alert's charts). Within one chat the order stays as sent.
 */
const LEAD_POST_PRIORITY = 2;

/** A message dropped from a full queue (already logged by the outbox). */
export class OutboxDroppedError extends Error {
  override readonly name = 'OutboxDroppedError';
}

/** Telegram's documented limits. */
export const DEFAULT_TELEGRAM_LIMITS: TelegramLimits = {
  perChatIntervalMs: 1000,
  groupPerMinute: 20,
  globalPerSecond: 30,
  maxRetries: 3,
  maxRetryAfterSeconds: 60,
  maxQueuedPerChat: 10,
  maxQueued: 1000,
};

/** Queues outgoing calls per chat and overall. */
export class TelegramOutbox {
  private readonly global: Bottleneck;
  private readonly chats: Bottleneck.Group;
  private readonly groups: Bottleneck.Group;

  constructor(
    private readonly limits: TelegramLimits,
    private readonly logger: Logger,
  ) {
    // LEAK: when a queue is full, the oldest message of the lowest priority at or below the new one's goes.
    const bounded = (highWater: number) => ({ highWater, strategy: Bottleneck.strategy.LEAK });
    // one call per slot of the overall rate, given out every 1/rate s: calls wait in bottleneck's queue, in
    // priority order (a plain minTime would book every call its start time on arrival, first come first served)
    this.global = new Bottleneck({
      reservoir: 1,
      reservoirRefreshAmount: 1,
      reservoirRefreshInterval: Math.ceil(1000 / limits.globalPerSecond),
      // bottleneck refreshes the reservoir on its heartbeat (every 250 ms by default): beat once per slot
      heartbeatInterval: Math.ceil(1000 / limits.globalPerSecond),
      ...bounded(limits.maxQueued),
    });
    this.global.on('dropped', (info: Bottleneck.EventInfoDropped) => this.logDrop(info, 'all chats'));
    this.chats = new Bottleneck.Group({
      maxConcurrent: 1,
      minTime: limits.perChatIntervalMs,
      ...bounded(limits.maxQueuedPerChat),
    });
    this.groups = new Bottleneck.Group({
      maxConcurrent: 1,
      minTime: limits.perChatIntervalMs,
      reservoir: limits.groupPerMinute,
      reservoirRefreshAmount: limits.groupPerMinute,
      reservoirRefreshInterval: 60_000,
      ...bounded(limits.maxQueuedPerChat),
    });
    for (const group of [this.chats, this.groups]) {
      group.on('created', (limiter: Bottleneck, key: string) => {
        limiter.chain(this.global);
        limiter.on('failed', (err: unknown, job: Bottleneck.EventInfoRetryable) => this.retryDelay(err, job, key));
        limiter.on('dropped', (info: Bottleneck.EventInfoDropped) => this.logDrop(info, key));
      });
    }
  }

  private logDrop(info: Bottleneck.EventInfoDropped, queue: string): void {
    if (this.stopping) return; // stop() drops what waits; that is not a full queue
    const kind = (info.options.priority ?? PRIORITY.reply) <= PRIORITY.post ? 'post' : 'reply';
    this.dropped += 1;
    this.logger.warn(
      { queue, kind, droppedTotal: this.dropped },
      `telegram queue full: dropped a ${kind === 'post' ? 'digest or alert' : 'command reply'}`,
    );
  }

  /** Messages dropped from full queues so far. */
  dropped = 0;
  private stopping = false;

  private retryDelay(err: unknown, job: Bottleneck.EventInfoRetryable, chat: string): number | undefined {
    const after = retryAfterSeconds(err);
    if (after === undefined) return undefined;
    if (job.retryCount >= this.limits.maxRetries || after > this.limits.maxRetryAfterSeconds) {
      this.logger.warn(
        { chat, retryAfter: after, attempt: job.retryCount + 1 },
        'telegram 429: giving up on this message',
      );
      return undefined;
    }
    this.logger.warn(
      { chat, retryAfter: after, attempt: job.retryCount + 1 },
      'telegram 429: retrying after retry_after',
    );
    return after * 1000;
  }

  /**
   * Run one outgoing call for a chat when the limits allow; a 429 is retried after its retry_after. Rejects with
   * OutboxDroppedError when the message was dropped from a full queue (logged here). `lead`: the first message of
   * a post (see LEAD_POST_PRIORITY).
   */
  async send<T>(
    chatId: string | number,
    isGroup: boolean,
    call: () => Promise<T>,
    kind: OutboxKind = 'reply',
    lead = false,
  ): Promise<T> {
    const group = isGroup ? this.groups : this.chats;
    const priority = kind === 'post' && lead ? LEAD_POST_PRIORITY : PRIORITY[kind];
    try {
      return await group.key(String(chatId)).schedule({ priority }, call);
    } catch (err) {
      if (err instanceof Bottleneck.BottleneckError && /dropped/i.test(err.message)) {
        throw new OutboxDroppedError(`telegram queue full: a ${kind} to chat ${String(chatId)} was dropped`);
      }
      throw err;
    }
  }

  /** Messages for one chat by state (RECEIVED: being taken in, QUEUED: waiting, RUNNING: waiting out the interval). */
  counts(chatId: string | number, isGroup: boolean): Bottleneck.Counts {
    return (isGroup ? this.groups : this.chats).key(String(chatId)).counts();
  }

  /** Drop queued calls and stop the timers. */
  async stop(): Promise<void> {
    this.stopping = true;
    const limiters = [...this.chats.limiters(), ...this.groups.limiters()].map((l) => l.limiter);
    await Promise.all([...limiters, this.global].map((l) => l.stop({ dropWaitingJobs: true }).catch(() => undefined)));
    await Promise.all([this.chats.disconnect(), this.groups.disconnect()]);
    // clears the overall rate's heartbeat (unref'd) after a turn of the event loop; not awaited, as nothing waits on it
    void this.global.disconnect().catch(() => undefined);
  }
}
