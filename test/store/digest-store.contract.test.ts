// One contract for the digest store on both engines: SQLite always, PostgreSQL when DATABASE_URL_TEST is set
// (each run in a schema of its own). Schedules keep their `since` unless the time changes; a day is claimed once
// across connections; a claim's lease is renewed by its owner and taken over once it runs out (not after a
// sending mark); skips, finishes, pruning, and moving or forgetting a chat behave the same.
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/store/open-storage.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import type { SqlRunner } from '../../src/store/sql-runner.ts';
import { forgetChannel, moveChannel } from '../../src/store/schedules/forget-channel.ts';
import { PG_URL, postgresEngine, sqliteEngine, type Engine } from './engines.ts';

const CHAT = { platform: 'telegram' as const, channel: '-1001', kind: 'group' as const };
const T = Date.parse('2024-04-01T06:00:00Z');
const DAY = '2024-04-01';

function contract(engine: Engine) {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  /** The SQL each store runs on (to move or forget a chat through). */
  const sqlOf = new Map<DigestStore, SqlRunner>();
  async function stores(): Promise<[DigestStore, DigestStore]> {
    const place = engine.place();
    cleanups.push(place.cleanup);
    const open = async () => {
      const storage: Storage = await place.open();
      cleanups.push(() => storage.close());
      const store = new DigestStore(storage.sql, 'UTC', { now: () => T });
      sqlOf.set(store, storage.sql);
      return store;
    };
    return [await open(), await open()];
  }

  it(`${engine.name}: schedules: set keeps since unless the time changes; get, all, clear, move, forget`, async () => {
    const [s] = await stores();
    expect(s.engine).toBe(engine.name);
    expect(await s.set(CHAT, '08:00', 'Europe/Paris', 'mod', T)).toMatchObject({
      time: '08:00',
      timeZone: 'Europe/Paris',
      since: T,
      createdBy: 'mod',
      kind: 'group',
    });
    expect((await s.set(CHAT, '08:00', 'Europe/Paris', 'other', T + 1000))?.since).toBe(T);
    expect((await s.set(CHAT, '09:00', 'Europe/Paris', 'mod', T + 2000))?.since).toBe(T + 2000);
    await s.set({ ...CHAT, channel: '-1002' }, '07:00', 'UTC', 'mod', T + 3000);
    expect((await s.all()).map((x) => x.channel)).toEqual(['-1001', '-1002']);
    await moveChannel(sqlOf.get(s)!, CHAT, '-1003');
    expect(await s.get(CHAT)).toBeUndefined();
    expect((await s.get({ ...CHAT, channel: '-1003' }))?.time).toBe('09:00');
    expect(await forgetChannel(sqlOf.get(s)!, { ...CHAT, channel: '-1003' })).toEqual({ digest: true, alertRules: 0 });
    expect(await s.clear({ ...CHAT, channel: '-1002' })).toBe(true);
    expect(await s.clear({ ...CHAT, channel: '-1002' })).toBe(false);
    expect(await s.all()).toEqual([]);
  });

  it(`${engine.name}: a day is claimed once across connections; a lost claim is taken over, a lost send is not`, async () => {
    const [a, b] = await stores();
    const results = await Promise.all([
      a.claim(CHAT, DAY, T, 'A', T, false, 60_000),
      b.claim(CHAT, DAY, T, 'B', T, false, 60_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'A' : 'B';
    const [w, l] = winner === 'A' ? [a, b] : [b, a];
    expect(await l.claim(CHAT, DAY, T, 'L', T + 59_999, true, 60_000)).toBe(false);
    expect(await w.renewClaim(CHAT, DAY, winner, T + 120_000)).toBe(true);
    expect(await l.claim(CHAT, DAY, T, 'L', T + 90_000, true, 60_000)).toBe(false); // renewed: still held
    expect(await l.claim(CHAT, DAY, T, 'L', T + 120_000, true, 60_000)).toBe(true); // ran out: taken over
    expect(await w.renewClaim(CHAT, DAY, winner, T + 200_000)).toBe(false); // no longer the winner's
    expect(await l.post(CHAT, DAY)).toMatchObject({
      status: 'claimed',
      owner: 'L',
      late: true,
      leaseUntil: T + 180_000,
    });
    expect(await l.markSending(CHAT, DAY, 'L', T + 121_000)).toBe(true);
    expect(await w.claim(CHAT, DAY, T, 'W', T + 500_000, true, 60_000)).toBe(false); // may have been sent
    expect(await w.closeLostSend(CHAT, DAY, T + 500_000)).toBe(true);
    expect(await w.post(CHAT, DAY)).toMatchObject({ status: 'failed', owner: 'L' });
  });

  it(`${engine.name}: retry, skip over a lost claim, finish, lastPost and prune`, async () => {
    const [s] = await stores();
    expect(await s.claim(CHAT, DAY, T, 'A', T, false)).toBe(true);
    await s.finish(CHAT, DAY, 'A', 'retry', T + 10, 'no data');
    expect(await s.claim(CHAT, DAY, T, 'B', T + 20, false)).toBe(true); // second attempt
    await s.finish(CHAT, DAY, 'B', 'sent', T + 30);
    expect(await s.lastPost(CHAT)).toMatchObject({ day: DAY, status: 'sent', owner: 'B', finishedAt: T + 30 });
    const next = '2024-04-02';
    expect(await s.claim(CHAT, next, T + 86_400_000, 'A', T + 86_400_000, false)).toBe(true);
    expect(await s.recordSkip(CHAT, next, T + 86_400_000, 'B', T + 86_400_000 + 1000, 'too late')).toBe(false); // claim still held
    expect(await s.recordSkip(CHAT, next, T + 86_400_000, 'B', T + 86_400_000 + 61_000, 'too late')).toBe(true);
    expect(await s.lastPost(CHAT)).toMatchObject({ day: next, status: 'skipped', detail: 'too late' });
    expect(await s.prune(T + 86_400_000, T + 86_400_000 + 61_000)).toBe(1);
    expect(await s.post(CHAT, DAY)).toBeUndefined();
  });
}

describe('digest store contract on SQLite', () => contract(sqliteEngine));
describe.skipIf(!PG_URL)(
  `digest store contract on PostgreSQL${PG_URL ? '' : ' (skipped: DATABASE_URL_TEST is not set)'}`,
  () => contract(postgresEngine),
);
