// What a chat platform (Discord, Telegram, ...) is to the rest of whybot: one module per adapter folder
// (src/adapters/<platform>/platform.ts) with its settings and secrets, its posting rates, how it starts (serving
// commands, or posting only), how its errors read (a refused token, a wait it asked for) and its name in help
// texts. The table of them is src/adapters/platforms.ts; app, cli, config and deliver read that table and name
// no platform. A platform module is light to load: it imports its chat library only when it starts.
import type { Logger } from 'pino';
import type { PlatformSettings } from '../config/platform-settings.ts';
import type { Config } from '../config/schema.ts';
import type { Platform } from '../core/reply.ts';
import type { RunningAdapter } from './adapter.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { Poster, PostTarget } from './post.ts';
import type { ReplyLimits } from './reply-limit.ts';

/** The name of a chat platform (every platform but the terminal). */
export type ChatPlatformName = Exclude<Platform, 'terminal'>;

/**
 * With several processes: runs `work` (which resolves to its stop) only while this process holds the lock called
 * `name`, one process at a time (a Redis lock). Returns the lock's runner.
 */
export type SingleHolderLock = (
  name: string,
  work: () => Promise<() => Promise<void>>,
) => { start(): void; stop(): Promise<void> };

/** What a platform's adapter is started with, besides its settings. */
export interface PlatformStart {
  dispatcher: Dispatcher;
  logger: Logger;
  /** Replies in progress per chat and in all. */
  replyLimits: ReplyLimits;
  /** Present with several processes: work only one of them may do at a time (e.g. a long poll) goes under it. */
  lock?: SingleHolderLock;
  /**
   * Present with several processes: claims `key` for `ttlMs` across all of them; true only for the first claim
   * (e.g. an incoming update's id, so a replayed one is handled once). Rejects when the shared store fails.
   */
  claim?: (key: string, ttlMs: number) => Promise<boolean>;
}

/** A platform's posting without serving commands (a worker process): its poster and how to release it. */
export interface PostingOnly {
  poster: Poster;
  stop(): Promise<void>;
}

/** How fast whybot's own posts (digests, alerts) may go to a platform, shared by every process. */
export interface PostingRates {
  /** Posts (requests) per second across all chats. */
  perSecond: number;
  /** Most posts to one group chat per minute, where the platform has such a limit. */
  perGroupMinute?: number;
}

/** One chat platform. */
export interface ChatPlatform extends PlatformSettings {
  readonly name: ChatPlatformName;
  /** Its name in sentences, e.g. "Discord". */
  readonly label: string;
  /** The setting that turns it on (its bot token), named in help and start-up errors. */
  readonly tokenSetting: string;
  /** Posts per second of the in-process fan-out when none is configured (a little under the platform's limit). */
  readonly defaultPostsPerSecond: number;
  /** Whether `config` turns this platform on (its token is set). */
  enabled(config: Config): boolean;
  /** Its posting rates under `config`. */
  rates(config: Config): PostingRates;
  /** Whether a post target is a group chat (for PostingRates.perGroupMinute). */
  isGroupChat(target: Pick<PostTarget, 'channel' | 'kind'>): boolean;
  /** Connect, register the commands and serve them until stopped. Rejects when it cannot start. */
  start(config: Config, context: PlatformStart): Promise<RunningAdapter>;
  /** A poster alone (no gateway, no polling, no command registration), for a worker process. */
  startPosting(config: Config, logger: Logger): Promise<PostingOnly>;
  /** The operator's line when `error` says the platform refused the token (naming the setting and the fix), else undefined. */
  refusedToken(error: unknown): string | undefined;
  /** The wait, ms, a failed request's error asks for (a 429's retry-after), if any. */
  retryAfterMs(error: unknown): number | undefined;
}
