// `npm run whybot -- collect`: runs only the liquidation collectors on the configured database until SIGINT or
// SIGTERM, then closes the streams and the database cleanly. For keeping the collector running 24/7
// next to a bot that has WHYBOT_COLLECTOR=off on the same database.
import type { Logger } from 'pino';
import { openStorageOrExplain } from '../app/runtime.ts';
import { configSecrets, createLogger } from '../app/logger.ts';
import { PLATFORMS } from '../adapters/platforms.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { collectorSettings, startCollectors } from '../gather/liquidations/collectors.ts';
import { withLeverageRecorder } from '../gather/market-leverage/with-collectors.ts';

const USAGE = `Usage: whybot collect [--db PATH]

Collects liquidations from the exchanges in WHYBOT_LIQ_EXCHANGES into the PostgreSQL database at
DATABASE_URL, else the SQLite file at WHYBOT_DB_PATH (or --db PATH), until stopped with Ctrl-C or
SIGTERM. Run the bot with
WHYBOT_COLLECTOR=off on the same database so that only one process collects.`;

/** What runCollectCommand may be given instead of the process's own (tests, embedding). */
export interface CollectCommandDeps {
  env?: Record<string, string | undefined>;
  /** Stops the command like SIGINT/SIGTERM would. */
  signal?: AbortSignal;
  logger?: Logger;
  /** Where usage and configuration errors are written (default stderr). */
  write?: (text: string) => void;
}

/** Run the collector alone until a signal arrives; resolves to the process exit code. */
export async function runCollectCommand(argv: string[], deps: CollectCommandDeps = {}): Promise<number> {
  const write = deps.write ?? ((text: string) => void process.stderr.write(text));
  if (argv.includes('--help') || argv.includes('-h')) {
    write(`${USAGE}\n`);
    return 0;
  }
  const dbIndex = argv.indexOf('--db');
  const dbArg = dbIndex >= 0 ? argv[dbIndex + 1] : undefined;
  if (dbIndex >= 0 && (!dbArg || dbArg.startsWith('-'))) {
    write(`--db needs a path\n${USAGE}\n`);
    return 2;
  }
  const unknown = argv.filter((_, i) => !(i === dbIndex || (dbIndex >= 0 && i === dbIndex + 1)));
  if (unknown.length > 0) {
    write(`unknown argument ${unknown[0]}\n${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(deps.env ?? process.env, PLATFORMS);
  } catch (error) {
    if (error instanceof ConfigError) {
      write(error.problems.map((problem) => `whybot: ${problem}\n`).join(''));
      return 2;
    }
    throw error;
  }
  const logger = deps.logger ?? createLogger(config.LOG_LEVEL, { secrets: configSecrets(config) });
  const dbPath = dbArg ?? config.WHYBOT_DB_PATH;
  const storage = await openStorageOrExplain(
    { sqlitePath: dbPath, ...(config.DATABASE_URL && !dbArg ? { databaseUrl: config.DATABASE_URL } : {}) },
    dbArg ? '--db' : 'WHYBOT_DB_PATH',
  );
  const collectors = withLeverageRecorder(
    startCollectors({ ...collectorSettings(config), store: storage.liquidations, logger }),
    { config, sql: storage.sql, liquidations: storage.liquidations, logger },
  );
  await collectors.ready;
  logger.info(
    { db: storage.where, engine: storage.engine, exchanges: config.WHYBOT_LIQ_EXCHANGES, active: collectors.active },
    'whybot collect running; stop with Ctrl-C',
  );
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      deps.signal?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (deps.signal?.aborted) done();
    else deps.signal?.addEventListener('abort', done, { once: true });
  });
  await collectors.stop();
  await storage.close();
  logger.info('whybot collect stopped');
  return 0;
}
