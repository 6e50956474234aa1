// `whybot start` (and `npm start`): runs the bot until its adapters end or SIGINT/SIGTERM arrives, with the
// optional health and metrics server. Shutdown is graceful: the adapters stop taking commands and finish the
// replies in flight, the liquidation streams close and flush into the store; a hard timer forces the exit
// when that takes longer than 10 s, and a second signal exits at once.
import type { Logger } from '../app/logger.ts';
import type { NoticeBoard } from '../app/notice-board.ts';
import { runBot, type RunningBot } from '../app/run-bot.ts';
import type { Runtime } from '../app/runtime.ts';
import type { Config } from '../config/schema.ts';
import { collectorSettings, startCollectors } from '../gather/liquidations/collectors.ts';
import { startHealthServer } from '../app/start-health-server.ts';
import { schedulingSettings } from '../deliver/settings.ts';
import { pgRunner } from '../store/sql-runner.ts';
import { openSchedulingStores, startScheduling, type Scheduling } from '../deliver/start-scheduling.ts';

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
  /** Short human lines for the terminal prompt (state changes, warnings), shown above the prompt. */
  notices?: NoticeBoard;
}

/** Run the bot; resolves to the exit code once it has stopped cleanly. */
export async function runStart(config: Config, runtime: Runtime, logger: Logger, options: StartOptions = {}): Promise<number> {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  let stopping = false;
  let bot: RunningBot | undefined;

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
    adapters: () => bot?.status(),
    stopping: () => stopping,
  }).catch((error: unknown) => {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
    throw error;
  });
  if (health) logger.info({ url: health.url }, 'health and metrics server listening (/healthz, /metrics)');

  // Liquidations are collected in-process unless a separate `whybot collect` does it (or this is a replay).
  const collectors =
    config.WHYBOT_COLLECTOR === 'on' && !runtime.replay
      ? startCollectors({ ...collectorSettings(config), store: runtime.liquidations, logger })
      : undefined;
  // Digests and drop alerts: the stores back /digest and /alerts; the scheduler and watcher start once the
  // adapters can post. A replay has no live price feed, so it runs no alert watcher.
  const settings = { ...schedulingSettings(config), ...(runtime.replay ? { alerts: false } : {}) };
  const stores = openSchedulingStores(runtime.db, settings, undefined, runtime.storage.pg ? pgRunner(runtime.storage.pg) : undefined);
  let scheduling: Scheduling | undefined;
  try {
    // /alerts only offers what will run: without a watcher, the command says alerts are not running.
    const services = {
      ...runtime.services,
      schedules: stores.schedules,
      ...(settings.alerts ? { alerts: stores.alerts } : {}),
      ...(collectors ? { collectors: () => collectors.status() } : {}),
    };
    try {
      bot = await runBot(config, services, { logger, signal: startAbort.signal, ...(options.notices ? { notices: options.notices } : {}) });
    } catch (error) {
      // A signal while a platform was still unreachable is a normal stop, not a failure.
      if (!startAbort.signal.aborted) throw error;
      logger.info('stopped before the chat adapters could connect');
      return 0;
    }
    scheduling = await startScheduling({ db: runtime.db, stores, services: runtime.services, posters: bot.posters, settings, logger });
    logger.info({ adapters: bot.adapters, replay: runtime.replay !== undefined, alerts: settings.alerts }, 'whybot is running');
    const reason = await Promise.race([bot.finished.then(() => 'adapters finished'), signalled]);
    if (!stopping) beginShutdown();
    logger.info({ reason }, 'stopping: finishing replies in flight, closing streams');
  } finally {
    const started = Date.now();
    stopping = true;
    // Scheduling first, so no digest or alert starts posting through adapters that are closing.
    const results = [...(await Promise.allSettled([scheduling?.stop()])), ...(await Promise.allSettled([bot?.stop(), collectors?.stop()]))];
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
