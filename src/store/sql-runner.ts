// One async way to run SQL on either engine, for stores whose SQL is the same on both (written with $1, $2 ...
// placeholders and table-qualified names in upserts): a better-sqlite3 handle (statements prepared once and
// cached; `$n` bound in order) or a PostgreSQL pool (named prepared statements, see pg/pg-db.ts).
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import type { PgQueryable } from './pg/pg-db.ts';

/** Runs one statement; resolves to its rows (for SELECT or RETURNING) and the count of rows it changed. */
export interface SqlRunner extends PgQueryable {
  readonly engine: 'sqlite' | 'postgres';
}

/** A runner over an open better-sqlite3 database. */
export function sqliteRunner(db: Db): SqlRunner {
  const cache = new Map<string, { stmt: Statement<unknown[]>; order: number[] }>();
  const translate = (sql: string) => {
    let hit = cache.get(sql);
    if (hit === undefined) {
      const order: number[] = [];
      const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
        order.push(Number(n) - 1);
        return '?';
      });
      hit = { stmt: db.prepare(text), order };
      cache.set(sql, hit);
    }
    return hit;
  };
  return {
    engine: 'sqlite',
    async query<R>(sql: string, values: readonly unknown[] = []) {
      const { stmt, order } = translate(sql);
      const args = order.map((i) => {
        const v = values[i];
        return typeof v === 'boolean' ? (v ? 1 : 0) : v;
      });
      if (stmt.reader) {
        const rows = stmt.all(...args) as R[];
        return { rows, rowCount: rows.length };
      }
      return { rows: [], rowCount: stmt.run(...args).changes };
    },
  };
}

/** A runner over a PostgreSQL pool. */
export function pgRunner(pg: PgQueryable): SqlRunner {
  return { engine: 'postgres', query: (sql, values) => pg.query(sql, values) };
}
