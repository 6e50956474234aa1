// The headlines table, one SQL text for both engines (BIGINT is an integer on SQLite too): one row per outlet and
// feed item, keyed by headlineKey (outlet, minute, normalised title), so a re-read feed adds nothing.
/** Creates the headlines table and its index by publication time. */
export const NEWS_HEADLINES_SQL = `
  CREATE TABLE news_headlines (
    key            TEXT PRIMARY KEY,
    outlet         TEXT NOT NULL,
    title          TEXT NOT NULL,
    link           TEXT,
    published_at   BIGINT NOT NULL,
    first_seen_at  BIGINT NOT NULL
  );
  CREATE INDEX news_headlines_by_published ON news_headlines (published_at)`;
