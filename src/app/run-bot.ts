// Starts whybot's adapters in one process: the terminal prompt when no chat token is set, otherwise every
// chat platform the configuration turns on (the table in src/adapters/platforms.ts) over the same commands and
// services.
import { commands } from '../../commands/index.ts';
import type { Platform } from '../core/reply.ts';
import type { CommandDefinition } from '../../commands/types.ts';
import type { RunningAdapter } from '../adapters/adapter.ts';
import { Dispatcher } from '../adapters/dispatcher.ts';
import { createRegistry } from '../adapters/registry.ts';
import type { Poster } from '../adapters/post.ts';
import type { PlatformStart, SingleHolderLock } from '../adapters/platform.ts';
import { enabledPlatforms } from '../adapters/platforms.ts';
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
  /** With several processes: work only one process may do at a time (a platform's long poll) holds this lock. */
  lock?: SingleHolderLock;
  /** With several processes: claims a key once across them (see PlatformStart.claim). */
  claim?: PlatformStart['claim'];
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

  if (enabledPlatforms(config).length === 0) {
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
    const replyLimits = { perChat: config.WHYBOT_MAX_REPLIES_PER_CHAT, total: config.WHYBOT_MAX_REPLIES };
    const context = {
      dispatcher,
      logger,
      replyLimits,
      ...(io.lock ? { lock: io.lock } : {}),
      ...(io.claim ? { claim: io.claim } : {}),
    };
    const starts = enabledPlatforms(config).map((platform) =>
      startWithRetry(platform.label, () => platform.start(config, context), logger, io.signal),
    );
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
