// Opens (and on first run creates) whybot's SQLite database and brings its schema up to date.
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { makeFolder } from './make-folder.ts';
import { migrate } from './migrations.ts';

/** An open better-sqlite3 database handle. */
export type Db = Database.Database;

/** Options for openDatabase. */
export interface OpenDatabaseOptions {
  /** Open without writing (no migrations, no directory creation); for tools that only read. */
  readonly?: boolean;
  /** How long a statement waits for another process's write lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * Open the database at `path` (":memory:" works too), creating its directory and file when missing,
 * and apply every pending schema migration. WAL mode lets the bot read while `whybot collect` writes.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory && !options.readonly) makeFolder(dirname(path));
  const db = new Database(path, { readonly: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 5000 });
  if (!options.readonly) {
    if (!inMemory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  }
  return db;
}
