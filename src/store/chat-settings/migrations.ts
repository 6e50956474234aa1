// Schema of the chat settings (a chat's language and time zone, one row per chat), for SQLite and PostgreSQL.
// ../migrations.ts and ../pg/pg-migrations.ts append these steps.
import type { Migration } from '../migrations.ts';
import type { PgMigration } from '../pg/pg-migrations.ts';

const VERSION = 8;
const NAME = 'chat settings: a chat language and time zone, apart from the digest schedule';

/** The SQLite steps. */
export const CHAT_SETTINGS_MIGRATIONS: readonly Migration[] = [
  {
    version: VERSION,
    name: NAME,
    up(db) {
      db.exec(`
        -- a null column is "not set": the platform's locale (language) or the digest's zone (time zone) applies;
        -- seen_locale is the platform's language tag last seen in the chat (a server's preferred locale),
        -- which the chat's digests and alerts follow until a moderator sets a language
        CREATE TABLE chat_settings (
          platform    TEXT NOT NULL,
          channel     TEXT NOT NULL,
          language    TEXT,
          time_zone   TEXT,
          seen_locale TEXT,
          updated_by TEXT,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (platform, channel)
        ) WITHOUT ROWID;
      `);
    },
  },
];

/** The PostgreSQL steps (same table, same version). */
export const PG_CHAT_SETTINGS_MIGRATIONS: readonly PgMigration[] = [
  {
    version: VERSION,
    name: NAME,
    sql: `
      CREATE TABLE chat_settings (
        platform    TEXT NOT NULL,
        channel     TEXT NOT NULL,
        language    TEXT,
        time_zone   TEXT,
        seen_locale TEXT,
        updated_by TEXT,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (platform, channel)
      )`,
  },
];
