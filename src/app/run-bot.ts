// Starts whybot's adapters in one process: the terminal prompt when no chat token is set, otherwise every
// configured chat adapter (Discord, Telegram) over the same commands and services.
import { commands } from '../../commands/index.ts';
import type { Platform } from '../core/reply.ts';
import type { CommandDefinition } from '../../commands/types.ts';
import type { RunningAdapter } from '../adapters/adapter.ts';
import { startDiscordAdapter } from '../adapters/discord/discord-adapter.ts';
import { Dispatcher } from '../adapters/dispatcher.ts';
import { createRegistry } from '../adapters/registry.ts';
import type { Poster } from '../adapters/post.ts';
import { DEFAULT_TELEGRAM_LIMITS } from '../adapters/telegram/outbox.ts';
import { startTelegramAdapter, type TelegramOptions } from '../adapters/telegram/telegram-adapter.ts';
import { startTerminalAdapter } from '../adapters/terminal/terminal-adapter.ts';
import type { Config } from '../config/schema.ts';
import { configSecrets, createLogger, type Logger } from './logger.ts';
import type { NoticeBoard } from './notice-board.ts';
import { startWithRetry } from './retry-start.ts';
import type { WhyServices } from '../../commands/services.ts';

/** Streams and logger for runBot; all optional (stdin/stdout and a stderr logger by default). */
export interface RunBotIo {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  logger?: Logger;
  /** Short human lines for the terminal prompt; the terminal adapter shows them above its prompt. */
  notices?: NoticeBoard;
  /** The command list to serve (default: commands/index.ts). Tests pass their own to check start-up checks. */
  commands?: readonly CommandDefinition[];
  /** With several processes: Telegram long-polls only while holding this lock (see TelegramOptions.pollLock). */
  telegramPollLock?: TelegramOptions['pollLock'];
  /** Aborts the start-up retries of chat adapters whose platform is unreachable (shutdown before connecting). */
  signal?: AbortSignal;
}

/** The running bot. */
export interface RunningBot {
  /** Names of the adapters that started, e.g. ["discord", "telegram"] or ["terminal"]. */
  adapters: string[];
  /** Resolves when every adapter has ended by itself (the terminal's input closed) or after stop(). */
  finished: Promise<void>;
  /** Stop every adapter and release their connections. */
  stop(): Promise<void>;
  /** Each adapter and whether it is connected to its platform now (one that cannot tell counts as connected). */
  status(): Array<{ name: string; connected: boolean }>;
  /** What each running adapter offers for posting by itself (digests, alerts), by platform. */
  posters: Partial<Record<Platform, Poster>>;
}

/**
 * Start the bot. Throws CommandRegistryError when the command list is invalid (duplicate names), and the
 * platform's error when a configured chat adapter cannot log in (the other adapters are stopped first). A
 * platform that cannot be reached is retried with backoff until it answers or `io.signal` aborts.
 */
export async function runBot(config: Config, services: WhyServices, io: RunBotIo = {}): Promise<RunningBot> {
  const logger = io.logger ?? createLogger(config.LOG_LEVEL, { secrets: configSecrets(config) });
  const registry = createRegistry(io.commands ?? commands);
  const dispatcher = new Dispatcher(registry, services, logger);
  const running: RunningAdapter[] = [];

  if (config.DISCORD_TOKEN === undefined && config.TELEGRAM_TOKEN === undefined) {
    running.push(
      startTerminalAdapter({
        dispatcher,
        logger,
        input: io.input ?? process.stdin,
        output: io.output ?? process.stdout,
        ...(io.notices ? { notices: io.notices } : {}),
      }),
    );
  } else {
    const starts: Array<Promise<RunningAdapter>> = [];
    const replyLimits = { perChat: config.WHYBOT_MAX_REPLIES_PER_CHAT, total: config.WHYBOT_MAX_REPLIES };
    const { DISCORD_TOKEN: discordToken, TELEGRAM_TOKEN: telegramToken } = config;
    if (discordToken !== undefined) {
      starts.push(
        startWithRetry(
          'Discord',
          () =>
            startDiscordAdapter({
              token: discordToken,
              apiUrl: config.DISCORD_API_URL,
              ...(config.DISCORD_APP_ID === undefined ? {} : { appId: config.DISCORD_APP_ID }),
              ...(config.DISCORD_GUILD_ID === undefined ? {} : { guildId: config.DISCORD_GUILD_ID }),
              ...(config.DISCORD_SHARDS === undefined
                ? {}
                : {
                    sharding: {
                      count: config.DISCORD_SHARDS,
                      ...(config.DISCORD_SHARD_IDS === undefined ? {} : { ids: config.DISCORD_SHARD_IDS }),
                    },
                  }),
              dispatcher,
              logger,
              replyLimits,
            }),
          logger,
          io.signal,
        ),
      );
    }
    if (telegramToken !== undefined) {
      starts.push(
        startWithRetry(
          'Telegram',
          () =>
            startTelegramAdapter({
              token: telegramToken,
              apiRoot: config.TELEGRAM_API_ROOT,
              dispatcher,
              logger,
              ...(config.TELEGRAM_WEBHOOK_URL !== undefined && config.TELEGRAM_WEBHOOK_SECRET !== undefined
                ? {
                    webhook: {
                      url: config.TELEGRAM_WEBHOOK_URL,
                      secret: config.TELEGRAM_WEBHOOK_SECRET,
                      port: config.TELEGRAM_WEBHOOK_PORT,
                      host: config.TELEGRAM_WEBHOOK_HOST,
                      maxConnections: config.TELEGRAM_WEBHOOK_MAX_CONNECTIONS,
                    },
                  }
                : {}),
              ...(io.telegramPollLock ? { pollLock: io.telegramPollLock } : {}),
              inlineCacheSeconds: config.WHYBOT_SNAPSHOT_TTL_SECONDS,
              replyLimits,
              limits: {
                ...DEFAULT_TELEGRAM_LIMITS,
                perChatIntervalMs: config.TELEGRAM_PER_CHAT_INTERVAL_MS,
                groupPerMinute: config.TELEGRAM_GROUP_PER_MINUTE,
                globalPerSecond: config.TELEGRAM_GLOBAL_PER_SECOND,
                maxQueuedPerChat: config.TELEGRAM_MAX_QUEUED_PER_CHAT,
                maxQueued: config.TELEGRAM_MAX_QUEUED,
              },
            }),
          logger,
          io.signal,
        ),
      );
    }
    const results = await Promise.allSettled(starts);
    for (const r of results) if (r.status === 'fulfilled') running.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) {
      await Promise.allSettled(running.map((a) => a.stop()));
      throw failed.reason;
    }
  }

  logger.info(
    { adapters: running.map((a) => a.name), commands: registry.list.map((c) => c.name) },
    'whybot is serving',
  );
  let stopping: Promise<void> | undefined;
  return {
    adapters: running.map((a) => a.name),
    finished: Promise.all(running.map((a) => a.finished)).then(() => undefined),
    status: () => running.map((a) => ({ name: a.name, connected: a.connected?.() ?? true })),
    posters: Object.fromEntries(
      running.flatMap((a) => (a.poster === undefined ? [] : [[a.poster.platform, a.poster]])),
    ),
    stop() {
      stopping ??= Promise.allSettled(running.map((a) => a.stop())).then(() => undefined);
      return stopping;
    },
  };
}
