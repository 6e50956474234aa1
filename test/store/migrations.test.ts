// Schema migrations: a new database file is created with every table, reopening applies nothing twice,
// and a later migration is applied exactly once.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { MIGRATIONS, migrate, schemaVersion, type Migration } from '../../src/store/migrations.ts';
import { tempDb } from '../liquidations/helpers.ts';

describe('openDatabase and migrations', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });

  it('creates the file, its directory and the liquidation tables on first open', () => {
    const tmp = tempDb();
    cleanups.push(tmp.cleanup);
    expect(existsSync(tmp.path)).toBe(false);
    const db = openDatabase(tmp.path);
    expect(existsSync(tmp.path)).toBe(true);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'collector_lease',
        'collector_sessions',
        'liq_daily',
        'liq_minutes',
        'liq_series',
        'liq_top',
        'schema_migrations',
      ]),
    );
    expect(schemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('reopening keeps the data and applies no migration twice', () => {
    const tmp = tempDb();
    cleanups.push(tmp.cleanup);
    const first = openDatabase(tmp.path);
    first
      .prepare("INSERT INTO liq_series (exchange, symbol, coin, side) VALUES ('okx', 'BTC/USDT:USDT', 'BTC', 'long')")
      .run();
    first.close();
    const again = openDatabase(tmp.path);
    expect(migrate(again)).toBe(0);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT coin FROM liq_series').pluck().all()).toEqual(['BTC']);
    again.close();
  });

  it('applies a new migration once, in order, after the existing ones', () => {
    const db = openDatabase(':memory:');
    const next: Migration = {
      version: 1000,
      name: 'test table',
      up: (d) => d.exec('CREATE TABLE test_extra (x INTEGER)'),
    };
    expect(migrate(db, [...MIGRATIONS, next])).toBe(1);
    expect(schemaVersion(db)).toBe(1000);
    expect(migrate(db, [...MIGRATIONS, next])).toBe(0);
    expect(db.prepare('SELECT name FROM schema_migrations WHERE version = 1000').pluck().get()).toBe('test table');
    db.close();
  });

  it('rolls a failing migration back completely', () => {
    const db = openDatabase(':memory:');
    const broken: Migration = {
      version: 2000,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        d.exec('THIS IS NOT SQL');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow();
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    expect(schemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    db.close();
  });
});
