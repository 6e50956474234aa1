// PostgreSQL migrations (when DATABASE_URL_TEST is set): a new schema gets every table at the newest version,
// a second run applies nothing, and processes migrating the same schema at the same moment apply each step once.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { openPg, type PgDb } from '../../src/store/pg/pg-db.ts';
import { migratePg, PG_MIGRATIONS, pgSchemaVersion } from '../../src/store/pg/pg-migrations.ts';
import { PG_URL } from './engines.ts';

describe.skipIf(!PG_URL)(`PostgreSQL migrations${PG_URL ? '' : ' (skipped: DATABASE_URL_TEST is not set)'}`, () => {
  const pools: PgDb[] = [];
  let schema = '';
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.close();
    const admin = await openPg(PG_URL!);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.close();
  });

  it('migrates a new schema once, even from three pools at the same time, to the same versions as SQLite', async () => {
    schema = `whybot_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    for (let i = 0; i < 3; i++) pools.push(await openPg(PG_URL!, { schema }));
    const applied = await Promise.all(pools.map((p) => migratePg(p)));
    expect(applied.reduce((a, b) => a + b, 0)).toBe(PG_MIGRATIONS.length);
    expect(await migratePg(pools[0]!)).toBe(0);
    expect(await pgSchemaVersion(pools[1]!)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(PG_MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const { rows } = await pools[2]!.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'collector_lease',
        'collector_sessions',
        'digest_posts',
        'digest_schedules',
        'liq_daily',
        'liq_events',
        'liq_minutes',
        'liq_series',
        'liq_top',
      ]),
    );
  });
});
