// Outgoing Telegram calls, throttled to Telegram's limits with bottleneck (about 1 message/s per chat,
// 20/minute per group, about 30/s overall) and retried after the `retry_after` a 429 answer asks for.
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';

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
}

/** Telegram's documented limits. */
export const DEFAULT_TELEGRAM_LIMITS: TelegramLimits = {
  perChatIntervalMs: 1000,
  groupPerMinute: 20,
  globalPerSecond: 30,
  maxRetries: 3,
  maxRetryAfterSeconds: 60,
};

/** The seconds a Telegram 429 error asks to wait, or undefined when the error is not a 429. */
export function retryAfterSeconds(err: unknown): number | undefined {
  const e = err as { code?: unknown; parameters?: { retry_after?: unknown }; response?: { error_code?: unknown; parameters?: { retry_after?: unknown } } };
  const code = e?.code ?? e?.response?.error_code;
  if (code !== 429) return undefined;
  const after = e.parameters?.retry_after ?? e.response?.parameters?.retry_after;
  return typeof after === 'number' && Number.isFinite(after) && after >= 0 ? after : 1;
}

/** Queues outgoing calls per chat and overall. */
export class TelegramOutbox {
  private readonly global: Bottleneck;
  private readonly chats: Bottleneck.Group;
  private readonly groups: Bottleneck.Group;

  constructor(
    private readonly limits: TelegramLimits,
    private readonly logger: Logger,
  ) {
    this.global = new Bottleneck({ minTime: Math.ceil(1000 / limits.globalPerSecond) });
    this.chats = new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.perChatIntervalMs });
    this.groups = new Bottleneck.Group({
      maxConcurrent: 1,
      minTime: limits.perChatIntervalMs,
      reservoir: limits.groupPerMinute,
      reservoirRefreshAmount: limits.groupPerMinute,
      reservoirRefreshInterval: 60_000,
    });
    for (const group of [this.chats, this.groups]) {
      group.on('created', (limiter: Bottleneck, key: string) => {
        limiter.chain(this.global);
        limiter.on('failed', (err: unknown, job: Bottleneck.EventInfoRetryable) => this.retryDelay(err, job, key));
      });
    }
  }

  private retryDelay(err: unknown, job: Bottleneck.EventInfoRetryable, chat: string): number | undefined {
    const after = retryAfterSeconds(err);
    if (after === undefined) return undefined;
    if (job.retryCount >= this.limits.maxRetries || after > this.limits.maxRetryAfterSeconds) {
      this.logger.warn({ chat, retryAfter: after, attempt: job.retryCount + 1 }, 'telegram 429: giving up on this message');
      return undefined;
    }
    this.logger.warn({ chat, retryAfter: after, attempt: job.retryCount + 1 }, 'telegram 429: retrying after retry_after');
    return after * 1000;
  }

  /** Run one outgoing call for a chat when the limits allow; a 429 is retried after its retry_after. */
  send<T>(chatId: string | number, isGroup: boolean, call: () => Promise<T>): Promise<T> {
    const group = isGroup ? this.groups : this.chats;
    return group.key(String(chatId)).schedule(call);
  }

  /** Drop queued calls and stop the timers. */
  async stop(): Promise<void> {
    const limiters = [...this.chats.limiters(), ...this.groups.limiters()].map((l) => l.limiter);
    await Promise.all([...limiters, this.global].map((l) => l.stop({ dropWaitingJobs: true }).catch(() => undefined)));
    await Promise.all([this.chats.disconnect(), this.groups.disconnect()]);
  }
}
