// One async way to run SQL on either engine, for stores whose SQL is the same on both (written with $1, $2 ...
// placeholders and table-qualified names in upserts): a better-sqlite3 handle (statements prepared once and
// cached; `$n` bound in order) or a PostgreSQL pool (named prepared statements, see pg/pg-db.ts). Both run
// write transactions: SQLite's BEGIN IMMEDIATE takes the file's write lock (so processes sharing the file take
// turns), PostgreSQL's run on one checked-out connection (stores add row or advisory locks where they need turns).
import { resolve } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import type { PgDb, PgQueryable } from './pg/pg-db.ts';

/** Runs one statement; resolves to its rows (for SELECT or RETURNING) and the count of rows it changed. */
export interface SqlRunner extends PgQueryable {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Run `work` in one write transaction through the runner it is given (committed when it resolves, rolled back
   * when it throws). A transaction inside a transaction is part of the outer one.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

const runners = new WeakMap<Db, SqlRunner>();

/** The open transaction on one database file in this process, if any (resolves when it ends). */
interface Turn {
  open: Promise<void> | undefined;
}
const turns = new Map<string, Turn>();

/**
 * The turn of a database file: every handle on the same file in this process shares it. A handle holding the write
 * lock across an await would otherwise leave another handle of the same thread waiting on the lock synchronously,
 * so the first could never finish.
 */
function turnOf(db: Db): Turn {
  if (db.memory) return { open: undefined };
  const file = resolve(db.name);
  let turn = turns.get(file);
  if (turn === undefined) {
    turn = { open: undefined };
    turns.set(file, turn);
  }
  return turn;
}

/**
 * The runner over an open better-sqlite3 database (one per handle, shared by every store on it). Its transactions
 * take turns within the process, with those of other handles on the same file: statements sent through a runner
 * while one is open wait for it to end, so they never land inside it nor wait on its lock.
 */
export function sqliteRunner(db: Db): SqlRunner {
  let runner = runners.get(db);
  if (runner === undefined) {
    runner = newSqliteRunner(db);
    runners.set(db, runner);
  }
  return runner;
}

function newSqliteRunner(db: Db): SqlRunner {
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
  const run = <R>(sql: string, values: readonly unknown[] = []) => {
    const { stmt, order } = translate(sql);
    const args = order.map((i) => {
      const v = values[i];
      return typeof v === 'boolean' ? (v ? 1 : 0) : v;
    });
    if (stmt.reader) {
      const rows = stmt.all(...args) as R[];
      return { rows, rowCount: rows.length };
    }
    return { rows: [] as R[], rowCount: stmt.run(...args).changes };
  };
  const turn = turnOf(db);
  const inside: SqlRunner = {
    engine: 'sqlite',
    query: async (sql, values) => run(sql, values),
    transaction: (work) => work(inside),
  };
  return {
    engine: 'sqlite',
    async query<R>(sql: string, values?: readonly unknown[]) {
      while (turn.open !== undefined) await turn.open;
      return run<R>(sql, values);
    },
    async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
      while (turn.open !== undefined) await turn.open;
      let end!: () => void;
      turn.open = new Promise((resolve) => (end = resolve));
      try {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(inside);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      } finally {
        turn.open = undefined;
        end();
      }
    },
  };
}

/** A runner over a PostgreSQL pool. */
export function pgRunner(pg: Pick<PgDb, 'query' | 'transaction'>): SqlRunner {
  const within = (tx: PgQueryable): SqlRunner => {
    const runner: SqlRunner = {
      engine: 'postgres',
      query: (sql, values) => tx.query(sql, values),
      transaction: (work) => work(runner),
    };
    return runner;
  };
  return {
    engine: 'postgres',
    query: (sql, values) => pg.query(sql, values),
    transaction: (work) => pg.transaction((tx) => work(within(tx))),
  };
}
