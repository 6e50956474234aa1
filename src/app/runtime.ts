// Assembles a running whybot from configuration: the replay (if any) with its fixed clock, the services
// over ccxt, and the article writer. Shared by `whybot why` (one article) and `whybot start` (the bot).
import type { Config } from '../config/schema.ts';
import { HoldersSource } from '../gather/holders.ts';
import { liquidationsPart } from '../gather/liquidations/summary.ts';
import { openDatabase, type Db } from '../store/database.ts';
import type { LiquidationRepo } from '../store/liquidations/repo.ts';
import { openStorage, type Storage } from '../store/open-storage.ts';
import { FearGreedSource } from '../gather/sentiment.ts';
import { createArticleWriter } from './article-writer.ts';
import { createServices, type RunningServices } from './create-services.ts';
import type { Logger } from './logger.ts';
import { parseReplayTime, startReplay, type Replay } from './replay.ts';

/** What startRuntime needs. */
export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  replayFiles?: string[];
  /** ISO time of the replayed moment (only with replayFiles). */
  at?: string;
}

/** A running runtime; close() releases the simulator, timers and the database. */
export interface Runtime {
  services: RunningServices;
  /** The SQLite database (schedules, alerts, posts; liquidations too on the SQLite engine). */
  db: Db;
  /** The storage DATABASE_URL (or WHYBOT_DB_PATH) selects. */
  storage: Storage;
  /** The liquidation store on that storage. */
  liquidations: LiquidationRepo;
  replay?: Replay;
  close(): Promise<void>;
}

/** Start the runtime (replay first, so a bad file fails before anything else starts). */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const at = options.at !== undefined ? parseReplayTime(options.at) : undefined;
  const replay = options.replayFiles ? await startReplay(options.replayFiles, at) : undefined;
  if (replay) logger.info({ files: replay.info.files, at: new Date(replay.info.at).toISOString() }, 'replaying recorded market data');
  const writer = createArticleWriter(config);
  const sentiment =
    config.WHYBOT_SENTIMENT === 'on'
      ? new FearGreedSource({ baseUrl: config.WHYBOT_FNG_URL, timeoutMs: config.WHYBOT_FNG_TIMEOUT_MS, ttlSeconds: config.WHYBOT_FNG_TTL_SECONDS })
      : undefined;
  const storage = await openStorage({ sqlitePath: config.WHYBOT_DB_PATH, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
  // alert settings and state stay in the SQLite file on either engine (for now); digests follow DATABASE_URL
  const db = storage.sqlite ?? openDatabase(config.WHYBOT_DB_PATH);
  const liquidations = storage.liquidations;
  const holders = config.WHYBOT_HOLDERS_FILE ? new HoldersSource(config.WHYBOT_HOLDERS_FILE, logger) : undefined;
  const services = createServices({
    config,
    writer,
    logger,
    ...(sentiment ? { sentiment } : {}),
    ...(holders ? { holders } : {}),
    // Collected liquidations describe the live market, not a replayed day: replays leave them out.
    ...(replay ? {} : { liquidations: (now: number) => liquidationsPart(liquidations, now, { coins: config.WHYBOT_COINS }) }),
    ...(replay ? { now: () => replay.info.at, exchangeUrl: replay.simulator.url, replay: replay.info } : {}),
  });
  return {
    services,
    db,
    storage,
    liquidations,
    ...(replay ? { replay } : {}),
    close: async () => {
      services.close();
      await replay?.close();
      await storage.close();
      if (db.open) db.close();
    },
  };
}
