// Schema of the market history (open interest and funding across venues, and the long-term daily rollups), for
// SQLite and PostgreSQL. Kept apart from the other stores' steps; ../migrations.ts and ../pg/pg-migrations.ts
// append these. Samples are detailed and pruned with the retention; daily rollups are small and kept for years.
import type { Migration } from '../migrations.ts';
import type { PgMigration } from '../pg/pg-migrations.ts';

const VERSION = 7;
const NAME = 'market history: open interest and funding samples per venue, and long-term daily rollups';

/** The SQLite steps. */
export const MARKET_HISTORY_MIGRATIONS: readonly Migration[] = [
  {
    version: VERSION,
    name: NAME,
    up(db) {
      db.exec(`
        -- one row per venue and sampling round: open interest of the tracked perpetuals in USD, and funding as
        -- sum(rate per 8h x open interest) over the markets with a rate, with that open interest as its weight
        CREATE TABLE market_samples (
          venue          TEXT NOT NULL,
          at             INTEGER NOT NULL,
          oi_usd         REAL NOT NULL,
          funding_sum    REAL NOT NULL,
          funding_weight REAL NOT NULL,
          markets        INTEGER NOT NULL,
          PRIMARY KEY (venue, at)
        ) WITHOUT ROWID;
        -- one row per metric, venue and UTC day (days since the epoch); at = when the value was observed. Kept for
        -- years: a few rows a day (see docs/DESIGN.md for the size bound)
        CREATE TABLE market_days (
          metric  TEXT NOT NULL,
          venue   TEXT NOT NULL,
          day     INTEGER NOT NULL,
          value   REAL NOT NULL,
          weight  REAL NOT NULL,
          at      INTEGER NOT NULL,
          PRIMARY KEY (metric, venue, day)
        ) WITHOUT ROWID;
      `);
    },
  },
];

/** The PostgreSQL steps (same tables, same version). */
export const PG_MARKET_HISTORY_MIGRATIONS: readonly PgMigration[] = [
  {
    version: VERSION,
    name: NAME,
    sql: `
      CREATE TABLE market_samples (
        venue          TEXT NOT NULL,
        at             BIGINT NOT NULL,
        oi_usd         DOUBLE PRECISION NOT NULL,
        funding_sum    DOUBLE PRECISION NOT NULL,
        funding_weight DOUBLE PRECISION NOT NULL,
        markets        INTEGER NOT NULL,
        PRIMARY KEY (venue, at)
      );
      CREATE TABLE market_days (
        metric  TEXT NOT NULL,
        venue   TEXT NOT NULL,
        day     BIGINT NOT NULL,
        value   DOUBLE PRECISION NOT NULL,
        weight  DOUBLE PRECISION NOT NULL,
        at      BIGINT NOT NULL,
        PRIMARY KEY (metric, venue, day)
      )`,
  },
];
