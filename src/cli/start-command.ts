// `whybot start` (and `npm start`): runs the bot until its adapters end or SIGINT/SIGTERM arrives, with the
// optional health and metrics server. One process does everything by default (role `all`); with REDIS_URL the
// work can be split (`--role chat|worker|collector`, or several such as `chat,worker`): digests and alerts then go through the shared BullMQ
// queue, and the collector and scheduler run in whichever process leads (a Redis lock; one at a time). Shutdown is graceful: the adapters stop taking commands and finish the
// replies in flight, the liquidation streams close and flush into the store; a hard timer forces the exit
// when that takes longer than 10 s, and a second signal exits at once.
import type { Logger } from '../app/logger.ts';
import type { NoticeBoard } from '../app/notice-board.ts';
import { runBot, type RunningBot } from '../app/run-bot.ts';
import type { Runtime } from '../app/runtime.ts';
import type { Config } from '../config/schema.ts';
import { collectorSettings, startCollectors } from '../gather/liquidations/collectors.ts';
import { withLeverageRecorder } from '../gather/market-leverage/with-collectors.ts';
import { startHealthServer } from '../app/start-health-server.ts';
import { schedulingSettings } from '../deliver/settings.ts';
import { goneHandler, openSchedulingStores, startScheduling, type Scheduling } from '../deliver/start-scheduling.ts';
import { hostname } from 'node:os';
import type { Platform } from '../core/reply.ts';
import type { SingleHolderLock } from '../adapters/platform.ts';
import { enabledPlatforms } from '../adapters/platforms.ts';
import { UserFacingError } from '../core/errors.ts';
import { startPostingAdapters, type PostingAdapters } from '../app/posting-adapters.ts';
import { Leader } from '../cluster/leader.ts';
import { redisKey } from '../cluster/redis.ts';
import { redisClaimOnce } from '../cluster/claim-once.ts';
import type { Delivery } from '../deliver/fan-out.ts';
import { PostQueue } from '../deliver/post-queue.ts';
import { startPostWorkers, type PostWorkers } from '../deliver/post-workers.ts';
import type { Role } from './parse-cli.ts';

/** The longest a graceful shutdown may take before the process is made to exit, ms. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** What runStart may be given instead of the process's own (tests). */
export interface StartOptions {
  /** Where SIGINT and SIGTERM come from (default: the process). */
  signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  /** Ends the process when shutdown overruns or a second signal arrives (default: process.exit). */
  exit?: (code: number) => void;
  /** Hard limit of the shutdown, ms (default SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs?: number;
  /** What this process does (default `all`); any other role needs REDIS_URL. */
  roles?: readonly Role[];
  /** Short human lines for the terminal prompt (state changes, warnings), shown above the prompt. */
  notices?: NoticeBoard;
}

/** Refuse roles that cannot work with this configuration (before anything starts). */
export function checkRoles(roles: readonly Role[], config: Config, replay: boolean): void {
  if (roles.includes('all')) return;
  const named = roles.join(',');
  if (config.REDIS_URL === undefined)
    throw new UserFacingError(
      `--role ${named} splits whybot over several processes and needs REDIS_URL (Redis); without it, run the default role "all".`,
    );
  if (replay) throw new UserFacingError(`--role ${named} runs a live bot; replays run as one process (role "all").`);
}

/** The platforms with a chat token: digests and alerts to them are queued for the workers. */
function configuredPlatforms(config: Config): Platform[] {
  return enabledPlatforms(config).map((platform) => platform.name);
}

/** Each platform's limit of posts to one group chat per minute, where it has one (shared by every worker). */
function groupLimits(config: Config): Partial<Record<Platform, number>> {
  return Object.fromEntries(
    enabledPlatforms(config).flatMap((platform) => {
      const perMinute = platform.rates(config).perGroupMinute;
      return perMinute === undefined ? [] : [[platform.name, perMinute]];
    }),
  );
}

/** Run the bot; resolves to the exit code once it has stopped cleanly. */
export async function runStart(
  config: Config,
  runtime: Runtime,
  logger: Logger,
  options: StartOptions = {},
): Promise<number> {
  const roles = options.roles ?? ['all'];
  checkRoles(roles, config, runtime.replay !== undefined);
  /** Whether this process plays `role` (role `all` plays every one). */
  const plays = (role: Role) => roles.includes('all') || roles.includes(role);
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  let stopping = false;
  let bot: RunningBot | undefined;
  let running = false;

  // Ends the start-up retries of an unreachable chat platform when a signal arrives before it connected.
  const startAbort = new AbortController();
  let resolveSignal!: (signal: string) => void;
  const signalled = new Promise<string>((resolve) => (resolveSignal = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(1);
      return;
    }
    beginShutdown();
    startAbort.abort();
    resolveSignal(signal);
  };
  const beginShutdown = () => {
    stopping = true;
    // Not cleared: it also covers closing the database after this returns. unref() lets a clean exit happen first.
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown is taking too long: forcing exit');
      exit(1);
    }, timeoutMs).unref();
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);

  const health = await startHealthServer(config, {
    services: runtime.services,
    // a worker or collector serves no chat: once it runs, it has no adapter to wait for
    adapters: () => bot?.status() ?? (running && !plays('chat') ? [] : undefined),
    stopping: () => stopping,
    ...(runtime.redis ? { redis: runtime.redis } : {}),
    ...(runtime.storage.engine === 'postgres' ? { postgres: runtime.storage.sql } : {}),
  }).catch((error: unknown) => {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
    throw error;
  });
  if (health) logger.info({ url: health.url }, 'health and metrics server listening (/healthz, /metrics)');

  const redis = runtime.redis;
  const clustered = redis !== undefined && config.REDIS_URL !== undefined;
  const owner = `${hostname()}:${process.pid.toString()}`;
  if (clustered && runtime.storage.engine === 'sqlite')
    logger.warn(
      { database: runtime.storage.where },
      'the processes share the SQLite file WHYBOT_DB_PATH, so they must run on one host and see the same file; set DATABASE_URL (PostgreSQL) to spread them over machines',
    );
  // Liquidations are collected in-process unless a separate `whybot collect` does it (or this is a replay).
  const collect = () =>
    config.WHYBOT_COLLECTOR === 'on' && !runtime.replay
      ? withLeverageRecorder(startCollectors({ ...collectorSettings(config), store: runtime.liquidations, logger }), {
          config,
          sql: runtime.storage.sql,
          liquidations: runtime.liquidations,
          logger,
        })
      : undefined;
  // Digests and drop alerts: the stores back /digest and /alerts; the scheduler and watcher start once the
  // adapters can post. A replay has no live price feed, so it runs no alert watcher.
  const settings = { ...schedulingSettings(config), ...(runtime.replay ? { alerts: false } : {}) };
  const stores = openSchedulingStores(runtime.storage.sql, settings);
  let collectors: ReturnType<typeof collect>;
  let scheduling: Scheduling | undefined;
  let queue: PostQueue | undefined;
  let workers: PostWorkers | undefined;
  let postingOnly: PostingAdapters | undefined;
  let leader: Leader | undefined;
  try {
    // /alerts only offers what will run: without a watcher, the command says alerts are not running.
    // one process on its own collects from the start; with Redis, the leader does (see below)
    if (!clustered) collectors = collect();
    const collecting = collectors;
    const chatServices = {
      ...runtime.services,
      schedules: stores.schedules,
      chatSettings: stores.chatSettings,
      ...(settings.alerts ? { alerts: stores.alerts } : {}),
      ...(collecting ? { collectors: () => collecting.status() } : {}),
    };
    // with several processes, work only one of them may do (a platform's long poll) runs under a Redis lock
    const lock: SingleHolderLock | undefined = clustered
      ? (name, work) =>
          new Leader({
            redis,
            key: redisKey(config.WHYBOT_REDIS_PREFIX, name),
            ttlMs: config.WHYBOT_LEADER_LOCK_SECONDS * 1000,
            owner,
            logger,
            lead: work,
            // an outage must not stop the one poller answering /why (the platform refuses a second one anyway)
            keepWhileUnreachable: true,
          })
      : undefined;
    if (plays('chat')) {
      try {
        bot = await runBot(config, chatServices, {
          logger,
          signal: startAbort.signal,
          ...(lock ? { lock } : {}),
          ...(clustered ? { claim: redisClaimOnce(redis, config.WHYBOT_REDIS_PREFIX) } : {}),
          ...(options.notices ? { notices: options.notices } : {}),
        });
      } catch (error) {
        // A signal while a platform was still unreachable is a normal stop, not a failure.
        if (!startAbort.signal.aborted) throw error;
        logger.info('stopped before the chat adapters could connect');
        return 0;
      }
    }
    if (!clustered) {
      scheduling = await startScheduling({
        stores,
        services: runtime.services,
        posters: bot?.posters ?? {},
        settings,
        logger,
        owner,
      });
    } else {
      queue = await PostQueue.open({
        url: config.REDIS_URL!,
        redis,
        prefix: config.WHYBOT_REDIS_PREFIX,
        platforms: configuredPlatforms(config),
        logger,
      });
      if (plays('worker')) {
        if (bot === undefined) postingOnly = await startPostingAdapters(config, logger);
        const posters = bot?.posters ?? postingOnly?.posters ?? {};
        workers = startPostWorkers({
          url: config.REDIS_URL!,
          redis,
          prefix: config.WHYBOT_REDIS_PREFIX,
          posters,
          perSecond: settings.rates,
          groupPerMinute: groupLimits(config),
          logger,
          onGone: goneHandler(stores, logger),
        });
      }
      if (plays('collector')) {
        const shared = queue;
        // the queue outlives one leadership: stepping down must not close it
        const delivery: Delivery = {
          canPost: (p) => shared.canPost(p),
          send: (...args) => shared.send(...args),
          edit: (...args) => shared.edit(...args),
          stop: async () => undefined,
        };
        leader = new Leader({
          redis,
          key: redisKey(config.WHYBOT_REDIS_PREFIX, 'leader'),
          ttlMs: config.WHYBOT_LEADER_LOCK_SECONDS * 1000,
          owner,
          logger,
          lead: async () => {
            const leading = collect();
            const led = await startScheduling({
              stores,
              services: runtime.services,
              posters: {},
              settings,
              logger,
              owner,
              delivery,
            });
            return async () => {
              await led.stop();
              await leading?.stop();
            };
          },
        });
        leader.start();
      }
    }
    running = true;
    // the templates are parsed and the chart thread loads its renderer now, not during the first /why
    // (bench/why-cpu.ts)
    runtime.services
      .warm()
      .catch((err: unknown) => logger.warn({ err }, 'warming up failed; the first /why does that work instead'));
    logger.info(
      {
        roles,
        adapters: bot?.adapters ?? [],
        replay: runtime.replay !== undefined,
        alerts: settings.alerts,
        shared: clustered,
      },
      'whybot is running',
    );
    const reason = await Promise.race([...(bot ? [bot.finished.then(() => 'adapters finished')] : []), signalled]);
    if (!stopping) beginShutdown();
    logger.info({ reason }, 'stopping: finishing replies in flight, closing streams');
  } finally {
    const started = Date.now();
    stopping = true;
    // Scheduling first, so no digest or alert starts posting through adapters that are closing; then the
    // workers (posts in flight finish), then the adapters.
    const results = [
      ...(await Promise.allSettled([scheduling?.stop(), leader?.stop()])),
      ...(await Promise.allSettled([workers?.stop()])),
      ...(await Promise.allSettled([queue?.stop(), bot?.stop(), collectors?.stop(), postingOnly?.stop()])),
    ];
    await health?.close();
    // The process's handlers stay: a late signal while the database closes still exits with a log line
    // (without them Node would kill the process and the last buffered log lines would be lost).
    if (signals !== process) {
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
    }
    for (const r of results) if (r.status === 'rejected') logger.error({ err: r.reason }, 'error while stopping');
    logger.info({ ms: Date.now() - started }, 'whybot stopped');
  }
  return 0;
}
