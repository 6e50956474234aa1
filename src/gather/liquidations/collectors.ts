// Starts the liquidation collectors of the configured exchanges on one store: takes the database's
// single-writer lease, closes sessions a previous process left open, batches events into the store,
// heartbeats open sessions, prunes old data on a schedule, and stops everything cleanly. The lease is
// short (5 s) and renewed every flush (1 s), and one held by a dead process on this host is taken at once,
// so a collector restarted after a crash or SIGKILL takes over within seconds; a stand-by process tries
// again every flush.
import pino, { type Logger } from 'pino';
import type { Config } from '../../config/schema.ts';
import type { LiquidationRepo } from '../../store/liquidations/repo.ts';
import type { BackoffOptions } from './backoff.ts';
import { LiquidationBatcher } from './batcher.ts';
import { ExchangeCollector, type ExchangeCollectorStatus } from './exchange-collector.ts';
import { isLiquidationExchange, type LiquidationExchangeId } from './exchanges.ts';
import { leaseOwnerId, ownerIsDead } from './lease-owner.ts';

/** Fine-tuning, mostly for tests (short backoffs and timeouts). */
export interface CollectorTuning {
  /** Batch writes at least this often, and heartbeat sessions, ms (default 1000). */
  flushMs?: number;
  backoff?: BackoffOptions;
  /** Quiet time after which a stream is restarted, ms, for every exchange (default per exchange). */
  silenceMs?: number;
  /** Lease length, ms (default 5000); renewed every flush. */
  leaseTtlMs?: number;
  /** Prune this often, ms (default 1 hour). */
  pruneEveryMs?: number;
  /** ccxt's keep-alive ping interval, ms (default: ccxt's per exchange). */
  keepAliveMs?: number;
}

/** Options of startCollectors. */
export interface StartCollectorsOptions {
  /** ccxt ids; unknown ones are logged and skipped. */
  exchanges: readonly string[];
  /** Tracked coins, upper case. */
  coins: readonly string[];
  store: LiquidationRepo;
  logger?: Logger;
  /** Base URL per exchange (http://host:port of a simulator or proxy); the real exchange when absent. */
  urls?: Partial<Record<string, string>>;
  /** Quote currency of the perpetuals (default USDT). */
  quote?: string;
  /** Keep this many days (default 35); older data is pruned at start and then hourly. */
  retentionDays?: number;
  now?: () => number;
  tuning?: CollectorTuning;
}

/** The running collectors. */
export interface Collectors {
  /** True while this process holds the database's collector lease and runs the streams. */
  readonly active: boolean;
  /** Per-exchange counters and connection state. */
  status(): ExchangeCollectorStatus[];
  /** Resolves once the first attempt to take the lease (and start the streams) is done. */
  readonly ready: Promise<void>;
  /** Write buffered events now. */
  flush(): Promise<void>;
  /** Close the streams, record the sessions' ends, write what is buffered, give up the lease. */
  stop(): Promise<void>;
}

/** Default collector lease length, ms: a dead collector's lease runs out this long after its last renewal. */
export const DEFAULT_LEASE_TTL_MS = 5000;

/** The settings a configuration gives startCollectors (add `store` and `logger`). */
export function collectorSettings(
  config: Pick<
    Config,
    'WHYBOT_LIQ_EXCHANGES' | 'WHYBOT_COINS' | 'WHYBOT_QUOTE' | 'WHYBOT_LIQ_RETENTION_DAYS' | 'WHYBOT_LIQ_URL'
  >,
): Omit<StartCollectorsOptions, 'store' | 'logger'> {
  const url = config.WHYBOT_LIQ_URL;
  return {
    exchanges: config.WHYBOT_LIQ_EXCHANGES,
    coins: config.WHYBOT_COINS,
    quote: config.WHYBOT_QUOTE,
    retentionDays: config.WHYBOT_LIQ_RETENTION_DAYS,
    ...(url ? { urls: Object.fromEntries(config.WHYBOT_LIQ_EXCHANGES.map((id) => [id, url])) } : {}),
  };
}

/**
 * Start collecting liquidations into `store`. When another live process already holds the database's
 * collector lease (e.g. `whybot collect` next to the bot), nothing is collected here and the lease is
 * tried again every flush.
 */
export function startCollectors(options: StartCollectorsOptions): Collectors {
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  const tuning = options.tuning ?? {};
  const flushMs = tuning.flushMs ?? 1000;
  const leaseTtlMs = tuning.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const retentionDays = options.retentionDays ?? 35;
  const owner = leaseOwnerId();
  const store = options.store;
  const batcher = new LiquidationBatcher(store, { flushMs, logger });
  const ids: LiquidationExchangeId[] = [];
  for (const id of options.exchanges) {
    if (isLiquidationExchange(id)) ids.push(id);
    else logger.warn({ exchange: id }, 'no liquidation stream is known for this exchange; skipped');
  }
  const collectors = ids.map(
    (id) =>
      new ExchangeCollector({
        exchange: id,
        coins: options.coins,
        ...(options.quote ? { quote: options.quote } : {}),
        sink: (events) => batcher.add(events),
        sessions: store.sessions,
        logger,
        now,
        ...(options.urls?.[id] ? { baseUrl: options.urls[id] } : {}),
        ...(tuning.backoff ? { backoff: tuning.backoff } : {}),
        ...(tuning.silenceMs ? { silenceMs: tuning.silenceMs } : {}),
        ...(tuning.keepAliveMs ? { keepAliveMs: tuning.keepAliveMs } : {}),
      }),
  );

  let active = false;
  let stopped = false;
  let prunedAt = 0;
  let standingBy: Promise<unknown> = Promise.resolve();
  const errorText = (error: unknown) => String((error as Error)?.message ?? error);

  const prune = async () => {
    try {
      const removed = await store.prune(now(), retentionDays);
      prunedAt = now();
      logger.info({ ...removed, retentionDays }, 'liquidation store pruned');
    } catch (error) {
      logger.error({ err: errorText(error) }, 'liquidation prune failed');
    }
  };

  const activate = async () => {
    if (!(await store.sessions.acquireLease(owner, now(), leaseTtlMs, ownerIsDead))) return false;
    if (stopped) {
      await store.sessions.releaseLease(owner);
      return false;
    }
    active = true;
    for (const id of ids) {
      const n = await store.sessions.closeAbandoned(id);
      if (n > 0) logger.info({ exchange: id, sessions: n }, 'closed sessions a previous collector left open');
    }
    for (const c of collectors) void c.start();
    logger.info({ exchanges: ids, owner }, 'liquidation collectors started');
    await prune();
    return true;
  };

  const housekeeping = async () => {
    if (!active) {
      await activate();
      return;
    }
    await batcher.flush();
    const at = now();
    for (const c of collectors) if (c.openSessionId !== undefined) await store.sessions.touch(c.openSessionId, at);
    if (!(await store.sessions.acquireLease(owner, at, leaseTtlMs))) {
      // this process stalled past its lease and another collector took over: stand by and try again later
      logger.error(
        { holder: (await store.sessions.lease())?.owner },
        'another collector took over this database; stopping the liquidation streams here',
      );
      active = false;
      standingBy = Promise.all(collectors.map((c) => c.stop()));
      collectors.splice(0, collectors.length, ...collectors.map((c) => c.fresh()));
      return;
    }
    if (at - prunedAt >= (tuning.pruneEveryMs ?? 3_600_000)) await prune();
  };

  // one round of housekeeping at a time: a slow database skips ticks rather than piling them up
  let ticking: Promise<void> | undefined;
  const tick = () => {
    if (stopped || ticking) return;
    ticking = housekeeping()
      .catch((error: unknown) => logger.error({ err: errorText(error) }, 'liquidation collector housekeeping failed'))
      .finally(() => (ticking = undefined));
  };

  const ready =
    ids.length === 0
      ? Promise.resolve()
      : activate().then(
          async (ok) => {
            if (!ok && !stopped)
              logger.warn(
                { holder: (await store.sessions.lease())?.owner },
                'another collector is writing liquidations to this database; this process stands by',
              );
          },
          (error: unknown) =>
            logger.error({ err: errorText(error) }, 'liquidation collectors could not start; trying again'),
        );
  const timer = setInterval(() => void ready.then(tick), flushMs);

  return {
    get active() {
      return active;
    },
    ready,
    status: () =>
      collectors.map((c) => ({
        ...c.status(),
        events: batcher.stored(c.exchangeId),
        duplicates: batcher.duplicates(c.exchangeId),
      })),
    flush: () => batcher.flush().then(() => undefined),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await ready;
      await ticking;
      await standingBy;
      await Promise.all(collectors.map((c) => c.stop()));
      await batcher.close();
      if (active)
        await store.sessions
          .releaseLease(owner)
          .catch((error: unknown) => logger.error({ err: errorText(error) }, 'could not release the collector lease'));
      active = false;
      logger.info('liquidation collectors stopped');
    },
  };
}
