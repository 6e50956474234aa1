// Opens whybot's storage on the engine the configuration names: PostgreSQL when DATABASE_URL is a
// postgres:// URL, else the SQLite file at WHYBOT_DB_PATH (the default: nothing to install). Both are
// migrated to the current schema before anything reads them.
import { openDatabase, type Db } from './database.ts';
import { SqliteLiquidationRepo, type LiquidationRepo } from './liquidations/repo.ts';
import { LiquidationStore } from './liquidations/store.ts';
import { openPg, type PgDb } from './pg/pg-db.ts';
import { PgLiquidationRepo } from './pg/pg-liquidations.ts';
import { migratePg } from './pg/pg-migrations.ts';
import { pgRunner, sqliteRunner, type SqlRunner } from './sql-runner.ts';

/** Where to store. */
export interface StorageSettings {
  /** postgres:// (or postgresql://) URL; absent or empty means SQLite. */
  databaseUrl?: string;
  /** The SQLite file (":memory:" works) when there is no databaseUrl. */
  sqlitePath: string;
  /** PostgreSQL schema to work in (tests isolate themselves with one); default the server's search_path. */
  schema?: string;
}

/** The open storage. */
export interface Storage {
  engine: 'sqlite' | 'postgres';
  liquidations: LiquidationRepo;
  /** SQL on this engine, for the stores whose SQL is the same on both (digests, alerts). */
  sql: SqlRunner;
  /** The SQLite handle, on the SQLite engine. */
  sqlite?: Db;
  /** The PostgreSQL pool, on the PostgreSQL engine. */
  pg?: PgDb;
  /** Where the data lives, for log lines (a PostgreSQL URL without its password). */
  where: string;
  close(): Promise<void>;
}

/** True for a URL that selects PostgreSQL. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** A URL with its password masked, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Open (and migrate) the storage the settings name. */
export async function openStorage(settings: StorageSettings): Promise<Storage> {
  if (isPostgresUrl(settings.databaseUrl)) {
    const where = redactUrl(settings.databaseUrl);
    let pg: PgDb;
    try {
      pg = await openPg(settings.databaseUrl, settings.schema ? { schema: settings.schema } : {});
      await migratePg(pg);
    } catch (error) {
      throw new Error(`DATABASE_URL ${where}: ${String((error as Error)?.message ?? error)}`, { cause: error });
    }
    const liquidations = new PgLiquidationRepo(pg);
    return {
      engine: 'postgres',
      liquidations,
      sql: pgRunner(pg),
      pg,
      where,
      close: async () => {
        await liquidations.close();
        await pg.close();
      },
    };
  }
  const sqlite = openDatabase(settings.sqlitePath);
  const liquidations = new SqliteLiquidationRepo(new LiquidationStore(sqlite));
  return {
    engine: 'sqlite',
    liquidations,
    sql: sqliteRunner(sqlite),
    sqlite,
    where: settings.sqlitePath,
    close: async () => {
      await liquidations.close();
      if (sqlite.open) sqlite.close();
    },
  };
}
