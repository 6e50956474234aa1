// Versioned schema migrations: an ordered list, each applied once in its own transaction and recorded
// in `schema_migrations`. Add new versions at the end; never edit one that has shipped.
import type Database from 'better-sqlite3';
import { NEWS_HEADLINES_SQL } from './news/schema.ts';
import { MARKET_HISTORY_MIGRATIONS } from './market-history/migrations.ts';
import { CHAT_SETTINGS_MIGRATIONS } from './chat-settings/migrations.ts';

/** One schema step. `version` values are unique and increasing. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Every migration whybot knows, oldest first. Other stores (schedules, alerts, posts) append here. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'liquidation buckets, largest, daily totals, collector sessions and lease',
    up(db) {
      db.exec(`
        -- one row per (exchange, symbol, side): a series of per-minute buckets, with the running totals
        -- of its newest bucket (so a window ending now needs no look-up at its end)
        CREATE TABLE liq_series (
          id           INTEGER PRIMARY KEY,
          exchange     TEXT NOT NULL,
          symbol       TEXT NOT NULL,
          coin         TEXT NOT NULL,
          side         TEXT NOT NULL CHECK (side IN ('long', 'short')),
          last_minute  INTEGER NOT NULL DEFAULT 0,
          cum_count    INTEGER NOT NULL DEFAULT 0,
          cum_cents    INTEGER NOT NULL DEFAULT 0,
          UNIQUE (exchange, symbol, side)
        );
        -- per-minute buckets; cum_* are running totals of the series up to and including this minute,
        -- so the sum over any range of minutes is two index look-ups (money in integer US cents)
        CREATE TABLE liq_minutes (
          series     INTEGER NOT NULL REFERENCES liq_series(id),
          minute     INTEGER NOT NULL,
          count      INTEGER NOT NULL,
          cents      INTEGER NOT NULL,
          cum_count  INTEGER NOT NULL,
          cum_cents  INTEGER NOT NULL,
          PRIMARY KEY (series, minute)
        ) WITHOUT ROWID;
        -- the largest single liquidation of each minute (scale 1), hour (60) and day (1440), over all series
        CREATE TABLE liq_top (
          scale   INTEGER NOT NULL,
          period  INTEGER NOT NULL,
          series  INTEGER NOT NULL REFERENCES liq_series(id),
          cents   INTEGER NOT NULL,
          at      INTEGER NOT NULL,
          PRIMARY KEY (scale, period)
        ) WITHOUT ROWID;
        -- totals per UTC day (days since the epoch), exchange and side, for the 30-day baseline
        CREATE TABLE liq_daily (
          day       INTEGER NOT NULL,
          exchange  TEXT NOT NULL,
          side      TEXT NOT NULL,
          count     INTEGER NOT NULL,
          cents     INTEGER NOT NULL,
          PRIMARY KEY (day, exchange, side)
        ) WITHOUT ROWID;
        -- when each exchange's stream was connected; the gaps are the time between sessions
        CREATE TABLE collector_sessions (
          id            INTEGER PRIMARY KEY,
          exchange      TEXT NOT NULL,
          started_at    INTEGER NOT NULL,
          last_seen_at  INTEGER NOT NULL,
          ended_at      INTEGER,
          end_reason    TEXT
        );
        CREATE INDEX collector_sessions_by_exchange ON collector_sessions (exchange, started_at);
        -- at most one collector writes a database at a time
        CREATE TABLE collector_lease (
          id          INTEGER PRIMARY KEY CHECK (id = 1),
          owner       TEXT NOT NULL,
          expires_at  INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'digest schedules and posts, alert subscriptions, rule and channel alert state, alert posts',
    up(db) {
      db.exec(`
        -- one daily digest per chat; \`since\` is when it took its current time (earlier occurrences are not due)
        CREATE TABLE digest_schedules (
          platform    TEXT NOT NULL,
          channel     TEXT NOT NULL,
          chat_kind   TEXT NOT NULL CHECK (chat_kind IN ('direct', 'group', 'terminal')),
          time        TEXT NOT NULL,
          time_zone   TEXT NOT NULL,
          since       INTEGER NOT NULL,
          created_by  TEXT,
          updated_at  INTEGER NOT NULL,
          PRIMARY KEY (platform, channel)
        ) WITHOUT ROWID;
        -- the idempotency record of each (chat, local day): claimed before sending, so a day posts at most once
        CREATE TABLE digest_posts (
          platform     TEXT NOT NULL,
          channel      TEXT NOT NULL,
          day          TEXT NOT NULL,
          due_at       INTEGER NOT NULL,
          status       TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'retry', 'skipped', 'gone')),
          owner        TEXT NOT NULL,
          claimed_at   INTEGER NOT NULL,
          finished_at  INTEGER,
          late         INTEGER NOT NULL DEFAULT 0,
          attempts     INTEGER NOT NULL DEFAULT 1,
          detail       TEXT,
          PRIMARY KEY (platform, channel, day)
        ) WITHOUT ROWID;
        -- drop-alert rules each chat follows (rowid keeps the order they were added in)
        CREATE TABLE alert_subscriptions (
          platform    TEXT NOT NULL,
          channel     TEXT NOT NULL,
          chat_kind   TEXT NOT NULL CHECK (chat_kind IN ('direct', 'group', 'terminal')),
          rule_key    TEXT NOT NULL,
          target      TEXT NOT NULL,
          drop_pct    REAL NOT NULL,
          window_ms   INTEGER NOT NULL,
          created_by  TEXT,
          created_at  INTEGER NOT NULL,
          PRIMARY KEY (platform, channel, rule_key)
        );
        CREATE INDEX alert_subscriptions_by_rule ON alert_subscriptions (rule_key);
        -- the open episode (anchor, deepest band) of each rule, shared by every process on this database
        CREATE TABLE alert_rule_state (
          rule_key    TEXT PRIMARY KEY,
          episode     TEXT,
          updated_at  INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- what each chat has seen of each rule: episode, band, last post (cooldown)
        CREATE TABLE alert_channel_state (
          platform      TEXT NOT NULL,
          channel       TEXT NOT NULL,
          rule_key      TEXT NOT NULL,
          episode       TEXT,
          band          INTEGER NOT NULL DEFAULT 0,
          last_post_at  INTEGER,
          PRIMARY KEY (platform, channel, rule_key)
        ) WITHOUT ROWID;
        -- the idempotency record of each alert post: (chat, rule, episode, band) is posted at most once
        CREATE TABLE alert_posts (
          platform     TEXT NOT NULL,
          channel      TEXT NOT NULL,
          rule_key     TEXT NOT NULL,
          episode      TEXT NOT NULL,
          band         INTEGER NOT NULL,
          move_pct     REAL NOT NULL,
          at           INTEGER NOT NULL,
          status       TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'gone')),
          owner        TEXT NOT NULL,
          claimed_at   INTEGER NOT NULL,
          finished_at  INTEGER,
          detail       TEXT,
          PRIMARY KEY (platform, channel, rule_key, episode, band)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    name: 'alert messages (to edit as a drop deepens) and alerts posted per chat and day',
    up(db) {
      db.exec(`
        -- the chat's last alert message for a rule: edited in place while the same drop deepens
        CREATE TABLE alert_messages (
          platform    TEXT NOT NULL,
          channel     TEXT NOT NULL,
          rule_key    TEXT NOT NULL,
          episode     TEXT NOT NULL,
          message_id  TEXT NOT NULL,
          posted_at   INTEGER NOT NULL,
          history     TEXT NOT NULL,
          PRIMARY KEY (platform, channel, rule_key)
        ) WITHOUT ROWID;
        -- new alert messages per chat and UTC day (data time), for the daily cap
        CREATE TABLE alert_daily (
          platform  TEXT NOT NULL,
          channel   TEXT NOT NULL,
          day       TEXT NOT NULL,
          posts     INTEGER NOT NULL,
          PRIMARY KEY (platform, channel, day)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 4,
    name: 'one row per stored liquidation: the idempotency key that keeps a resent event from counting twice',
    up(db) {
      db.exec(`
        -- a liquidation is counted into the buckets only when its row here is new; kept for EVENT_KEY_DAYS
        CREATE TABLE liq_events (
          series  INTEGER NOT NULL REFERENCES liq_series(id),
          at      INTEGER NOT NULL,
          amount  REAL NOT NULL,
          price   REAL NOT NULL,
          PRIMARY KEY (series, at, amount, price)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 5,
    name: 'digest claims with a lease (a claim of a process that died is taken again) and a sending mark',
    up(db) {
      db.exec(`
        -- the claim holds until lease_until (renewed while the digest is prepared and sent); a claim whose
        -- lease ran out before sending_at was set was never sent, so another process may post the day
        ALTER TABLE digest_posts ADD COLUMN lease_until INTEGER;
        ALTER TABLE digest_posts ADD COLUMN sending_at INTEGER;
      `);
    },
  },
  {
    version: 6,
    name: 'headlines read from publishers feeds (one row per outlet and item; merged into stories on read)',
    up(db) {
      db.exec(NEWS_HEADLINES_SQL);
    },
  },
  ...MARKET_HISTORY_MIGRATIONS,
  ...CHAT_SETTINGS_MIGRATIONS,
];

/** The highest migration version applied to `db` (0 for a new database). */
export function schemaVersion(db: Database.Database): number {
  ensureTable(db);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** Apply every migration newer than the database's version, each in its own transaction. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  ensureTable(db);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let applied = 0;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= schemaVersion(db)) continue;
    // IMMEDIATE takes the write lock first, so a second process opening the same file waits, then skips
    const ran = db
      .transaction(() => {
        if (migration.version <= schemaVersion(db)) return false;
        migration.up(db);
        // the wall time here is only a record of when the schema changed, never data
        record.run(migration.version, migration.name, Date.now());
        return true;
      })
      .immediate();
    if (ran) applied += 1;
  }
  return applied;
}

function ensureTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL
  )`);
}
