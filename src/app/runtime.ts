// Assembles a running whybot from configuration: the replay (if any) with its fixed clock, the services
// over ccxt, and the article writer. Shared by `whybot why` (one article) and `whybot start` (the bot).
import { MarketHistoryStore } from '../store/market-history/store.ts';
import type { Config } from '../config/schema.ts';
import { closeSources, openSources } from '../gather/sources.ts';
import type { LiquidationRepo } from '../store/liquidations/repo.ts';
import { isPostgresUrl, openStorage, type Storage, type StorageSettings } from '../store/open-storage.ts';
import { createArticleWriter } from './article-writer.ts';
import { createServices, type RunningServices } from './create-services.ts';
import type { Logger } from './logger.ts';
import { parseReplayTime, startReplay, type Replay } from './replay.ts';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { connectRedis, redisKey } from '../cluster/redis.ts';
import { RedisUpstreamPause } from '../cluster/redis-upstream-pause.ts';
import { LayeredUpstreamPause, MemoryUpstreamPause, useUpstreamPause } from '../gather/upstream-pause.ts';
import { SharedSnapshotStore } from '../gather/shared-snapshot.ts';
import { SharedChartStore, sharedChartTtlMs } from '../chart/shared-chart-store.ts';
import type { MarketFlag } from '../simulator/replay-market.ts';
import { databaseError, EXIT, StartupError } from './startup-errors.ts';
import { prepareWritableFile } from './writable-file.ts';

/** What startRuntime needs. */
export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  replayFiles?: string[];
  /** ISO time of the replayed moment (only with replayFiles). */
  at?: string;
  /** What the replayed files hold when their folders do not say. */
  market?: MarketFlag;
  /** Files for snapshot sources in replays, by what they hold ({ news: [...] } from --news, { markets: [...] } from --markets). */
  sourceFiles?: Partial<Record<string, string[]>>;
}

/** A running runtime; close() releases the simulator, timers and the database. */
export interface Runtime {
  services: RunningServices;
  /** The storage DATABASE_URL (or WHYBOT_DB_PATH) selects; in a replay, an in-memory database of its own. */
  storage: Storage;
  /** The liquidation store on that storage. */
  liquidations: LiquidationRepo;
  replay?: Replay;
  /** The Redis connection shared state goes through (REDIS_URL); absent for one process on its own, and in replays. */
  redis?: Redis;
  close(): Promise<void>;
}

/**
 * Start the runtime (replay first, so a bad file fails before anything else starts). When a later step fails,
 * what already started (the replay's simulator) is closed before the error is thrown, so the process can end.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const at = options.at !== undefined ? parseReplayTime(options.at) : undefined;
  const replay = options.replayFiles
    ? await startReplay(options.replayFiles, at, options.market ? { market: options.market } : {})
    : undefined;
  try {
    return await assemble(options, replay);
  } catch (error) {
    await replay?.close();
    throw error;
  }
}

/**
 * Open the storage the settings name, or throw a StartupError naming the setting: the SQLite file's problem and
 * fix (`sqliteSetting` names where its path came from; a file that cannot be created fails before SQLite tries),
 * or the PostgreSQL server that could not be used.
 */
export async function openStorageOrExplain(
  settings: StorageSettings,
  sqliteSetting = 'WHYBOT_DB_PATH',
): Promise<Storage> {
  const sqlite = !isPostgresUrl(settings.databaseUrl) && settings.sqlitePath !== ':memory:';
  if (sqlite) prepareWritableFile(sqliteSetting, settings.sqlitePath);
  try {
    return await openStorage(settings);
  } catch (error) {
    if (isPostgresUrl(settings.databaseUrl))
      throw new StartupError(String((error as Error)?.message ?? error).split('\n')[0]!, EXIT.failure);
    throw databaseError(settings.sqlitePath, error, sqliteSetting);
  }
}

async function assemble(options: RuntimeOptions, replay: Replay | undefined): Promise<Runtime> {
  const { config, logger } = options;
  if (replay)
    logger.info(
      { files: replay.info.files, at: new Date(replay.info.at).toISOString(), market: replay.info.market?.label },
      'replaying recorded market data',
    );
  const writer = createArticleWriter(config);
  // A replay never touches the live store: its digest schedules and alert settings (/digest set, /alerts on)
  // live in memory and end with it.
  const storage = await openStorageOrExplain(
    replay
      ? { sqlitePath: ':memory:' }
      : { sqlitePath: config.WHYBOT_DB_PATH, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) },
  );
  const liquidations = storage.liquidations;
  let sources: ReturnType<typeof openSources>;
  try {
    sources = openSources({
      config,
      logger,
      liquidations,
      sql: storage.sql,
      marketHistory: new MarketHistoryStore(storage.sql),
      ...(replay ? { replay: replay.info } : {}),
      ...(options.sourceFiles ? { files: options.sourceFiles } : {}),
    });
  } catch (error) {
    await storage.close();
    throw error;
  }
  // A replay's market is its own: only the live snapshot is shared between processes.
  const redis = config.REDIS_URL !== undefined && !replay ? connectRedis(config.REDIS_URL, { logger }) : undefined;
  // an exchange's Retry-After seen by one process pauses that exchange for every process
  // (kept in this process too, which answers alone while Redis is unreachable)
  if (redis)
    useUpstreamPause(
      new LayeredUpstreamPause(new RedisUpstreamPause(redis, redisKey(config.WHYBOT_REDIS_PREFIX, 'pause'))),
    );
  const shared = redis
    ? new SharedSnapshotStore({
        redis,
        key: redisKey(
          config.WHYBOT_REDIS_PREFIX,
          'snapshot',
          config.WHYBOT_EXCHANGE,
          config.WHYBOT_QUOTE,
          config.WHYBOT_COINS.join(','),
        ),
        lockMs: config.WHYBOT_SNAPSHOT_LOCK_SECONDS * 1000,
        owner: `${hostname()}:${process.pid.toString()}`,
      })
    : undefined;
  // each chart of a snapshot is rendered once between the processes, and kept a little past the snapshot
  const sharedCharts = redis
    ? new SharedChartStore({
        redis,
        prefix: redisKey(config.WHYBOT_REDIS_PREFIX, 'chart'),
        ttlMs: sharedChartTtlMs(config.WHYBOT_SNAPSHOT_TTL_SECONDS),
        owner: `${hostname()}:${process.pid.toString()}`,
        logger,
      })
    : undefined;
  const failed = async (error: unknown): Promise<never> => {
    await closeSources(sources);
    await storage.close();
    redis?.disconnect();
    throw error;
  };
  let services: RunningServices;
  try {
    services = createServices({
      ...(shared ? { shared } : {}),
      ...(sharedCharts ? { sharedCharts } : {}),
      config,
      writer,
      logger,
      sources,
      ...(replay ? { now: () => replay.info.at, exchangeUrl: replay.simulator.url, replay: replay.info } : {}),
    });
  } catch (error) {
    return failed(error);
  }
  return {
    services,
    storage,
    liquidations,
    ...(replay ? { replay } : {}),
    ...(redis ? { redis } : {}),
    close: async () => {
      services.close();
      if (redis) {
        useUpstreamPause(new MemoryUpstreamPause());
        await redis.quit().catch(() => undefined);
      }
      await replay?.close();
      await storage.close();
    },
  };
}
