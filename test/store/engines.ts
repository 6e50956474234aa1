// Test helper: the storage engines every store contract test runs against. SQLite always (a temp file);
// PostgreSQL when DATABASE_URL_TEST is set, each opening in a schema of its own that is dropped afterwards.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPg } from '../../src/store/pg/pg-db.ts';
import { openStorage, type Storage } from '../../src/store/open-storage.ts';

/** The PostgreSQL URL for tests, if any. */
export const PG_URL = process.env.DATABASE_URL_TEST || undefined;

/** A PostgreSQL URL that makes every connection work in `schema` (as each test's schema of its own). */
export function urlInSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** One engine: a name and a way to open fresh, empty storage on it (several times on the same place). */
export interface Engine {
  name: 'sqlite' | 'postgres';
  /** A new place (file or schema); `open()` may be called more than once on it (a second process). */
  place(): { open(): Promise<Storage>; cleanup(): Promise<void> };
}

export const sqliteEngine: Engine = {
  name: 'sqlite',
  place() {
    const dir = mkdtempSync(join(tmpdir(), 'whybot-store-'));
    return {
      open: () => openStorage({ sqlitePath: join(dir, 'whybot.sqlite') }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const postgresEngine: Engine = {
  name: 'postgres',
  place() {
    const schema = `whybot_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    return {
      open: () => openStorage({ databaseUrl: PG_URL!, sqlitePath: '', schema }),
      cleanup: async () => {
        const db = await openPg(PG_URL!);
        await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await db.close();
      },
    };
  },
};

/**
 * Fresh storage for a contract test: `two()` opens two connections on one new place (as two processes would);
 * `cleanup()` (call it after each test) closes them and removes the place.
 */
export function contractStorage(engine: Engine): { two(): Promise<[Storage, Storage]>; cleanup(): Promise<void> } {
  const cleanups: Array<() => Promise<void>> = [];
  return {
    async two() {
      const place = engine.place();
      cleanups.push(place.cleanup);
      const open = async () => {
        const s = await place.open();
        cleanups.push(() => s.close());
        return s;
      };
      return [await open(), await open()];
    },
    async cleanup() {
      while (cleanups.length) await cleanups.pop()!();
    },
  };
}
