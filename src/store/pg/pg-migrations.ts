// Versioned schema migrations for PostgreSQL, the counterpart of ../migrations.ts (same tables, same meaning,
// PostgreSQL types). Applied in order, each in its own transaction under an advisory lock, so processes
// starting together on one database migrate it once. Add new versions at the end; never edit a shipped one.
import { PG_MARKET_HISTORY_MIGRATIONS } from '../market-history/migrations.ts';
import { PG_CHAT_SETTINGS_MIGRATIONS } from '../chat-settings/migrations.ts';
import type { PgDb } from './pg-db.ts';
import { NEWS_HEADLINES_SQL } from '../news/schema.ts';

/** One schema step. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** Every PostgreSQL migration, oldest first. Versions match the SQLite ones where the step is the same. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'liquidation buckets, largest, daily totals, collector sessions and lease',
    sql: `
      CREATE TABLE liq_series (
        id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        exchange     TEXT NOT NULL,
        symbol       TEXT NOT NULL,
        coin         TEXT NOT NULL,
        side         TEXT NOT NULL CHECK (side IN ('long', 'short')),
        last_minute  BIGINT NOT NULL DEFAULT 0,
        cum_count    BIGINT NOT NULL DEFAULT 0,
        cum_cents    BIGINT NOT NULL DEFAULT 0,
        UNIQUE (exchange, symbol, side)
      );
      CREATE INDEX liq_series_by_coin ON liq_series (coin);
      CREATE TABLE liq_minutes (
        series     BIGINT NOT NULL REFERENCES liq_series(id),
        minute     BIGINT NOT NULL,
        count      BIGINT NOT NULL,
        cents      BIGINT NOT NULL,
        cum_count  BIGINT NOT NULL,
        cum_cents  BIGINT NOT NULL,
        PRIMARY KEY (series, minute)
      );
      CREATE INDEX liq_minutes_by_minute ON liq_minutes (minute);
      CREATE TABLE liq_top (
        scale   INTEGER NOT NULL,
        period  BIGINT NOT NULL,
        series  BIGINT NOT NULL REFERENCES liq_series(id),
        cents   BIGINT NOT NULL,
        at      BIGINT NOT NULL,
        PRIMARY KEY (scale, period)
      );
      CREATE TABLE liq_daily (
        day       BIGINT NOT NULL,
        exchange  TEXT NOT NULL,
        side      TEXT NOT NULL,
        count     BIGINT NOT NULL,
        cents     BIGINT NOT NULL,
        PRIMARY KEY (day, exchange, side)
      );
      CREATE TABLE collector_sessions (
        id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        exchange      TEXT NOT NULL,
        started_at    BIGINT NOT NULL,
        last_seen_at  BIGINT NOT NULL,
        ended_at      BIGINT,
        end_reason    TEXT
      );
      CREATE INDEX collector_sessions_by_exchange ON collector_sessions (exchange, started_at);
      CREATE TABLE collector_lease (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        owner       TEXT NOT NULL,
        expires_at  BIGINT NOT NULL
      );`,
  },
  {
    version: 2,
    name: 'digest schedules and posts, alert subscriptions, rule and channel alert state, alert posts',
    sql: `
      CREATE TABLE digest_schedules (
        platform    TEXT NOT NULL,
        channel     TEXT NOT NULL,
        chat_kind   TEXT NOT NULL CHECK (chat_kind IN ('direct', 'group', 'terminal')),
        time        TEXT NOT NULL,
        time_zone   TEXT NOT NULL,
        since       BIGINT NOT NULL,
        created_by  TEXT,
        updated_at  BIGINT NOT NULL,
        PRIMARY KEY (platform, channel)
      );
      CREATE TABLE digest_posts (
        platform     TEXT NOT NULL,
        channel      TEXT NOT NULL,
        day          TEXT NOT NULL,
        due_at       BIGINT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'retry', 'skipped', 'gone')),
        owner        TEXT NOT NULL,
        claimed_at   BIGINT NOT NULL,
        finished_at  BIGINT,
        late         INTEGER NOT NULL DEFAULT 0,
        attempts     INTEGER NOT NULL DEFAULT 1,
        detail       TEXT,
        PRIMARY KEY (platform, channel, day)
      );
      CREATE TABLE alert_subscriptions (
        id          BIGINT GENERATED ALWAYS AS IDENTITY,
        platform    TEXT NOT NULL,
        channel     TEXT NOT NULL,
        chat_kind   TEXT NOT NULL CHECK (chat_kind IN ('direct', 'group', 'terminal')),
        rule_key    TEXT NOT NULL,
        target      TEXT NOT NULL,
        drop_pct    DOUBLE PRECISION NOT NULL,
        window_ms   BIGINT NOT NULL,
        created_by  TEXT,
        created_at  BIGINT NOT NULL,
        PRIMARY KEY (platform, channel, rule_key)
      );
      CREATE INDEX alert_subscriptions_by_rule ON alert_subscriptions (rule_key);
      CREATE TABLE alert_rule_state (
        rule_key    TEXT PRIMARY KEY,
        episode     TEXT,
        updated_at  BIGINT NOT NULL
      );
      CREATE TABLE alert_channel_state (
        platform      TEXT NOT NULL,
        channel       TEXT NOT NULL,
        rule_key      TEXT NOT NULL,
        episode       TEXT,
        band          INTEGER NOT NULL DEFAULT 0,
        last_post_at  BIGINT,
        PRIMARY KEY (platform, channel, rule_key)
      );
      CREATE TABLE alert_posts (
        platform     TEXT NOT NULL,
        channel      TEXT NOT NULL,
        rule_key     TEXT NOT NULL,
        episode      TEXT NOT NULL,
        band         INTEGER NOT NULL,
        move_pct     DOUBLE PRECISION NOT NULL,
        at           BIGINT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'gone')),
        owner        TEXT NOT NULL,
        claimed_at   BIGINT NOT NULL,
        finished_at  BIGINT,
        detail       TEXT,
        PRIMARY KEY (platform, channel, rule_key, episode, band)
      );`,
  },
  {
    version: 3,
    name: 'alert messages (to edit as a drop deepens) and alerts posted per chat and day',
    sql: `
      CREATE TABLE alert_messages (
        platform    TEXT NOT NULL,
        channel     TEXT NOT NULL,
        rule_key    TEXT NOT NULL,
        episode     TEXT NOT NULL,
        message_id  TEXT NOT NULL,
        posted_at   BIGINT NOT NULL,
        history     TEXT NOT NULL,
        PRIMARY KEY (platform, channel, rule_key)
      );
      CREATE TABLE alert_daily (
        platform  TEXT NOT NULL,
        channel   TEXT NOT NULL,
        day       TEXT NOT NULL,
        posts     INTEGER NOT NULL,
        PRIMARY KEY (platform, channel, day)
      );`,
  },
  {
    version: 4,
    name: 'one row per stored liquidation: the idempotency key that keeps a resent event from counting twice',
    sql: `
      CREATE TABLE liq_events (
        series  BIGINT NOT NULL REFERENCES liq_series(id),
        at      BIGINT NOT NULL,
        amount  DOUBLE PRECISION NOT NULL,
        price   DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (series, at, amount, price)
      );
      CREATE INDEX liq_events_by_at ON liq_events (at);`,
  },
  {
    version: 5,
    name: 'digest claims with a lease (a claim of a process that died is taken again) and a sending mark',
    sql: `
      ALTER TABLE digest_posts ADD COLUMN lease_until BIGINT;
      ALTER TABLE digest_posts ADD COLUMN sending_at BIGINT;`,
  },
  {
    version: 6,
    name: 'headlines read from publishers feeds (one row per outlet and item; merged into stories on read)',
    sql: NEWS_HEADLINES_SQL,
  },
  ...PG_MARKET_HISTORY_MIGRATIONS,
  ...PG_CHAT_SETTINGS_MIGRATIONS,
];

// one number for every whybot process migrating a database at the same time
const MIGRATION_LOCK = 7_414_212_001;

const CREATE_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';

/** The highest version applied (0 for an empty schema). */
export async function pgSchemaVersion(db: PgDb): Promise<number> {
  return db.transaction(async (tx) => {
    // under the lock: two processes creating the table at once would collide
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(CREATE_TABLE);
    const { rows } = await tx.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    return rows[0]?.v ?? 0;
  });
}

/** Apply every migration newer than the schema's version, each in its own transaction; returns how many ran. */
export async function migratePg(db: PgDb, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  await pgSchemaVersion(db);
  let applied = 0;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rows } = await tx.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
      if (migration.version <= (rows[0]?.v ?? 0)) return false;
      for (const statement of migration.sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      // the wall time is only a record of when the schema changed, never data
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      return true;
    });
    if (ran) applied += 1;
  }
  return applied;
}
