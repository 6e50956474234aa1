// A small PostgreSQL connection layer over `pg`: one pool with connect, idle, statement and query timeouts,
// every statement sent as a named prepared statement (parsed once per connection, parameters bound by the
// server), BIGINT read back as a JS number, an optional schema (search_path) per pool, and transactions on one
// checked-out client. No ORM: stores write their SQL with $1, $2 ... placeholders.
import { createHash } from 'node:crypto';
import pg from 'pg';

/** Settings of openPg. */
export interface PgOptions {
  /** Use this schema (created when missing) for every connection of the pool; default the server's search_path. */
  schema?: string;
  /** Most connections in the pool (default 10). */
  max?: number;
  /** Longest wait for a connection, ms (default 5000). */
  connectTimeoutMs?: number;
  /** Longest run of one statement on the server, ms (default 15000). */
  statementTimeoutMs?: number;
}

/** Something that runs SQL: the pool, or one client inside a transaction. */
export interface PgQueryable {
  /** Run `text` with `values` as a named prepared statement; returns the rows and the affected row count. */
  query<R = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
}

/** An open pool. */
export interface PgDb extends PgQueryable {
  /** Run `work` in one transaction on one connection; rolled back if it throws. */
  transaction<T>(work: (tx: PgQueryable) => Promise<T>): Promise<T>;
  /** The schema this pool works in, if one was given. */
  readonly schema?: string;
  /** Close every connection (idempotent). */
  close(): Promise<void>;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    // BIGINT (int8) and NUMERIC from COUNT/SUM: whybot's values (ms, cents, counts) are well within 2^53
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

const names = new Map<string, string>();
/** A stable statement name per SQL text, so each connection prepares a statement once. */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `w_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

async function run<R>(
  client: pg.Pool | pg.PoolClient,
  text: string,
  values: readonly unknown[] = [],
): Promise<{ rows: R[]; rowCount: number }> {
  const result = await client.query({ name: statementName(text), text, values: values as unknown[] });
  return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
}

/** True for a schema name that may be written into SQL as it is. */
const safeIdentifier = (name: string) => /^[a-z_][a-z0-9_]{0,62}$/.test(name);

/** Open a pool on `url` (postgres://...). Checks the connection (and creates the schema) before returning. */
export async function openPg(url: string, options: PgOptions = {}): Promise<PgDb> {
  const schema = options.schema;
  if (schema !== undefined && !safeIdentifier(schema))
    throw new Error(`bad schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    query_timeout: (options.statementTimeoutMs ?? 15_000) + 5000,
    application_name: 'whybot',
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // an idle client that loses its server (restart, network) must not crash the process
  pool.on('error', () => undefined);
  const fail = async (error: unknown): Promise<never> => {
    await pool.end().catch(() => undefined);
    throw error;
  };
  if (schema) {
    // under a lock: processes creating the same schema at once would collide
    const client = await pool.connect().catch(fail);
    let failure: unknown;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(7414212000)');
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query('COMMIT');
    } catch (error) {
      failure = error;
      await client.query('ROLLBACK').catch(() => undefined);
    } finally {
      client.release();
    }
    if (failure !== undefined) await fail(failure);
  } else {
    await pool.query('SELECT 1').catch(fail);
  }
  let closed = false;
  return {
    ...(schema ? { schema } : {}),
    query: (text, values) => run(pool, text, values),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (text, values) => run(client, text, values) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
