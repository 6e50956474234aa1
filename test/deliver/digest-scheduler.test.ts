// The digest scheduler on a manual clock over a real SQLite file: the right local time across daylight-saving
// changes, exactly one post across restarts before, during and after the scheduled minute, a late post that
// says so within the grace period, a logged skip after it, and a retry when the article could not be written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestScheduler } from '../../src/deliver/digest-scheduler.ts';
import { FanOut } from '../../src/deliver/fan-out.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { SqlChatSettings } from '../../src/store/chat-settings/chat-settings-store.ts';
import type { ChannelRef } from '../../src/store/schedules/types.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { recordingPoster, textOf, titleOf } from '../fakes/recording-poster.ts';

const CHAT: ChannelRef = { platform: 'telegram', channel: '-1001', kind: 'group' };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'whybot-digest-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'whybot.sqlite');
}

/** One whybot process: its own database connection, clock, poster, fan-out and scheduler. */
function startProcess(path: string, clock: ManualClock, owner: string, services = fixedServices()) {
  const db: Db = openDatabase(path);
  const store = new DigestStore(db, 'UTC', clock);
  const poster = recordingPoster('telegram', () => clock.now());
  const log = memoryLogger();
  const fanOut = new FanOut({ posters: { telegram: poster }, logger: log.logger });
  const scheduler = new DigestScheduler({
    store,
    services,
    fanOut,
    clock,
    logger: log.logger,
    owner,
    pollMs: 3_600_000,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await scheduler.stop();
    await fanOut.stop();
    db.close();
  };
  cleanups.push(stop);
  return { db, store, poster, log, scheduler, stop };
}

describe('digest scheduling across daylight-saving changes', () => {
  it('posts 08:00 Europe/Paris at 07:00 UTC before the spring change and 06:00 UTC after it', async () => {
    const path = tempPath();
    const clock = new ManualClock('2024-03-29T12:00:00Z');
    const p = startProcess(path, clock, 'A');
    await p.store.set(CHAT, '08:00', 'Europe/Paris', 'mod', clock.now());
    p.scheduler.start();
    await clock.nextSleep();
    await clock.advanceTo('2024-04-01T12:00:00Z');
    expect(p.poster.posts.map((x) => new Date(x.at).toISOString())).toEqual([
      '2024-03-30T07:00:00.000Z',
      '2024-03-31T06:00:00.000Z',
      '2024-04-01T06:00:00.000Z',
    ]);
    expect(p.poster.posts.every((x) => titleOf(x.reply).startsWith('Daily digest: '))).toBe(true);
    expect(textOf(p.poster.posts[1]!.reply)).toContain('Your daily digest, scheduled for 08:00 Europe/Paris.');
    const days = p.db.prepare('SELECT day, status FROM digest_posts ORDER BY day').all();
    expect(days).toEqual([
      { day: '2024-03-30', status: 'sent' },
      { day: '2024-03-31', status: 'sent' },
      { day: '2024-04-01', status: 'sent' },
    ]);
  });

  it('posts a time that happens twice (autumn, New York 01:30) once, and a time that does not exist (spring, 02:30) when the clocks jump, at 03:00', async () => {
    const path = tempPath();
    const clock = new ManualClock('2024-11-02T12:00:00Z');
    const p = startProcess(path, clock, 'A');
    await p.store.set(CHAT, '01:30', 'America/New_York', 'mod', clock.now());
    p.scheduler.start();
    await clock.nextSleep();
    await clock.advanceTo('2024-11-04T12:00:00Z');
    // 01:30 EDT (05:30 UTC) on the 3rd, not again at 01:30 EST (06:30 UTC); 01:30 EST on the 4th
    expect(p.poster.posts.map((x) => new Date(x.at).toISOString())).toEqual([
      '2024-11-03T05:30:00.000Z',
      '2024-11-04T06:30:00.000Z',
    ]);

    const springClock = new ManualClock('2024-03-09T12:00:00Z');
    const q = startProcess(tempPath(), springClock, 'C');
    await q.store.set(CHAT, '02:30', 'America/New_York', 'mod', springClock.now());
    q.scheduler.start();
    await springClock.nextSleep();
    await springClock.advanceTo('2024-03-11T12:00:00Z');
    // 2024-03-10 02:30 does not exist in New York: croner fires when the clocks jump, at 03:00 EDT (07:00 UTC)
    expect(q.poster.posts.map((x) => new Date(x.at).toISOString())).toEqual([
      '2024-03-10T07:00:00.000Z',
      '2024-03-11T06:30:00.000Z',
    ]);
  });
});

describe('schedules changed while the scheduler runs', () => {
  it('sees a schedule set a minute before its time at once, and posts it on time', async () => {
    const clock = new ManualClock('2024-04-01T05:59:00Z');
    const p = startProcess(tempPath(), clock, 'A');
    p.scheduler.start();
    await clock.nextSleep(); // nothing scheduled: asleep for the whole poll interval (1 h)
    const slept = clock.nextSleep();
    await p.store.set(CHAT, '08:00', 'Europe/Paris', 'mod');
    await slept;
    await clock.advanceTo('2024-04-01T06:00:00Z');
    expect(p.poster.posts.map((x) => new Date(x.at).toISOString())).toEqual(['2024-04-01T06:00:00.000Z']);
  });
});

describe('exactly one digest per day across restarts', () => {
  const DUE = '2024-04-01T06:00:00Z'; // 08:00 Europe/Paris

  async function firstProcessUntil(path: string, stopAt: string) {
    const clock = new ManualClock('2024-04-01T05:30:00Z');
    const a = startProcess(path, clock, 'A');
    await a.store.set(CHAT, '08:00', 'Europe/Paris', 'mod', Date.parse('2024-03-31T20:00:00Z'));
    a.scheduler.start();
    await clock.nextSleep();
    await clock.advanceTo(stopAt);
    await a.stop();
    return a;
  }

  async function secondProcessFrom(path: string, startAt: string, until = '2024-04-01T12:00:00Z') {
    const clock = new ManualClock(startAt);
    const b = startProcess(path, clock, 'B');
    b.scheduler.start();
    await clock.nextSleep();
    await clock.advanceTo(until);
    await b.stop();
    return b;
  }

  it('restarted just before the scheduled minute: the new process posts it, on time', async () => {
    const path = tempPath();
    const a = await firstProcessUntil(path, '2024-04-01T05:59:30Z');
    const b = await secondProcessFrom(path, '2024-04-01T06:00:20Z');
    expect(a.poster.posts).toHaveLength(0);
    expect(b.poster.posts.map((x) => new Date(x.at).toISOString())).toEqual(['2024-04-01T06:00:20.000Z']);
    expect(textOf(b.poster.posts[0]!.reply)).not.toContain('Posted late');
    // a digest is an article: it carries the article buttons (Refresh, the tracked coins)
    const reply = b.poster.posts[0]!.reply;
    expect(reply.kind === 'article' ? reply.buttons?.map((x) => x.label) : []).toEqual([
      'Refresh',
      'BTC',
      'ETH',
      'SOL',
    ]);
  });

  it('restarted during the scheduled minute, after the post: no second post', async () => {
    const path = tempPath();
    const a = await firstProcessUntil(path, '2024-04-01T06:00:30Z');
    const b = await secondProcessFrom(path, '2024-04-01T06:00:45Z');
    expect(a.poster.posts.map((x) => new Date(x.at).toISOString())).toEqual([new Date(DUE).toISOString()]);
    expect(b.poster.posts).toHaveLength(0);
  });

  it('down at the scheduled time, back within the grace period: one late post that says so', async () => {
    const path = tempPath();
    const a = await firstProcessUntil(path, '2024-04-01T05:59:00Z');
    const b = await secondProcessFrom(path, '2024-04-01T07:30:00Z');
    expect(a.poster.posts).toHaveLength(0);
    expect(b.poster.posts).toHaveLength(1);
    expect(textOf(b.poster.posts[0]!.reply)).toContain(
      'Posted late: this digest was due at Mon 2024-04-01 08:00 (Europe/Paris); whybot was not running then and posts it now, 1 h 30 min later, at 09:30.',
    );
    expect(b.log.lines.some((l) => l.msg === 'digest posted late' && l.lateByMin === 90)).toBe(true);
  });

  it('down past the grace period: skips the day with a log line, then posts the next day on time', async () => {
    const path = tempPath();
    await firstProcessUntil(path, '2024-04-01T05:59:00Z');
    const b = await secondProcessFrom(path, '2024-04-01T08:00:01Z', '2024-04-02T12:00:00Z');
    expect(b.poster.posts.map((x) => new Date(x.at).toISOString())).toEqual(['2024-04-02T06:00:00.000Z']);
    const skips = b.log.lines.filter(
      (l) => l.msg === 'digest skipped: whybot was not running within the grace period after the scheduled time',
    );
    expect(skips).toHaveLength(1);
    expect(skips[0]).toMatchObject({ platform: 'telegram', channel: '-1001', day: '2024-04-01', graceMin: 120 });
    const c = startProcess(path, new ManualClock('2024-04-02T12:00:00Z'), 'C');
    expect((await c.store.post(CHAT, '2024-04-01'))?.status).toBe('skipped');
    expect((await c.store.post(CHAT, '2024-04-02'))?.status).toBe('sent');
  });

  it('a process that died after claiming the day: another takes the day once the claim runs out, and posts it once', async () => {
    const path = tempPath();
    const clock = new ManualClock('2024-04-01T06:00:00Z');
    const a = startProcess(path, clock, 'A');
    await a.store.set(CHAT, '08:00', 'Europe/Paris', 'mod', Date.parse('2024-03-31T20:00:00Z'));
    expect(await a.store.claim(CHAT, '2024-04-01', Date.parse(DUE), 'A', clock.now(), false)).toBe(true);
    await a.stop(); // died before sending: its claim holds for DIGEST_CLAIM_LEASE_MS (60 s), then runs out
    const b = await secondProcessFrom(path, '2024-04-01T06:00:30Z');
    expect(b.poster.posts.map((x) => new Date(x.at).toISOString())).toEqual(['2024-04-01T06:01:30.000Z']);
    expect(
      b.log.lines.some(
        (l) => l.msg === 'digest claim of a stopped process taken over; posting it' && l.previousOwner === 'A',
      ),
    ).toBe(true);
    const c = startProcess(path, new ManualClock('2024-04-01T12:00:00Z'), 'C');
    expect(await c.store.post(CHAT, '2024-04-01')).toMatchObject({ status: 'sent', owner: 'B' });
  });

  it('a process that died after claiming, and nobody back within the grace period: the chat is told the day was missed', async () => {
    const path = tempPath();
    const clock = new ManualClock('2024-04-01T06:00:00Z');
    const a = startProcess(path, clock, 'A');
    await a.store.set(CHAT, '08:00', 'Europe/Paris', 'mod', Date.parse('2024-03-31T20:00:00Z'));
    expect(await a.store.claim(CHAT, '2024-04-01', Date.parse(DUE), 'A', clock.now(), false)).toBe(true);
    await a.stop();
    const b = await secondProcessFrom(path, '2024-04-01T08:00:01Z', '2024-04-02T12:00:00Z');
    expect(b.poster.posts.map((x) => [new Date(x.at).toISOString(), x.reply.kind])).toEqual([
      ['2024-04-01T08:00:01.000Z', 'notice'],
      ['2024-04-02T06:00:00.000Z', 'article'],
    ]);
    expect(textOf(b.poster.posts[0]!.reply)).toContain(
      'The daily digest due at Mon 2024-04-01 08:00 (Europe/Paris) was missed',
    );
    const c = startProcess(path, new ManualClock('2024-04-02T12:00:00Z'), 'C');
    expect(await c.store.post(CHAT, '2024-04-01')).toMatchObject({ status: 'skipped' });
    expect((await c.store.post(CHAT, '2024-04-01'))?.detail).toContain('stopped before posting');
  });

  it('a day handed back unsent (a shutdown) and nobody back within the grace period: the chat is told it was missed', async () => {
    const path = tempPath();
    const clock = new ManualClock('2024-04-01T06:00:00Z');
    const a = startProcess(path, clock, 'A');
    await a.store.set(CHAT, '08:00', 'Europe/Paris', 'mod', Date.parse('2024-03-31T20:00:00Z'));
    expect(await a.store.claim(CHAT, '2024-04-01', Date.parse(DUE), 'A', clock.now(), false)).toBe(true);
    // what a stopping scheduler does with a claim it could not send
    await a.store.finish(CHAT, '2024-04-01', 'A', 'retry', clock.now(), 'handed back unsent: whybot was stopping');
    await a.stop();
    const b = await secondProcessFrom(path, '2024-04-01T08:00:01Z', '2024-04-02T12:00:00Z');
    expect(b.poster.posts.map((x) => [new Date(x.at).toISOString(), x.reply.kind])).toEqual([
      ['2024-04-01T08:00:01.000Z', 'notice'],
      ['2024-04-02T06:00:00.000Z', 'article'],
    ]);
    expect(textOf(b.poster.posts[0]!.reply)).toContain(
      'The daily digest due at Mon 2024-04-01 08:00 (Europe/Paris) was missed: it could not be posted within the',
    );
  });

  it('a process that died while sending: the day is closed as failed, never sent a second time', async () => {
    const path = tempPath();
    const clock = new ManualClock('2024-04-01T06:00:00Z');
    const a = startProcess(path, clock, 'A');
    await a.store.set(CHAT, '08:00', 'Europe/Paris', 'mod', Date.parse('2024-03-31T20:00:00Z'));
    expect(await a.store.claim(CHAT, '2024-04-01', Date.parse(DUE), 'A', clock.now(), false)).toBe(true);
    expect(await a.store.markSending(CHAT, '2024-04-01', 'A', clock.now() + 5000)).toBe(true);
    await a.stop();
    const b = await secondProcessFrom(path, '2024-04-01T06:00:30Z');
    expect(b.poster.posts).toHaveLength(0);
    const c = startProcess(path, new ManualClock('2024-04-01T12:00:00Z'), 'C');
    expect(await c.store.post(CHAT, '2024-04-01')).toMatchObject({ status: 'failed', owner: 'A' });
  });

  it('prunes post records older than the kept days, lost claims included', async () => {
    const path = tempPath();
    const clock = new ManualClock('2024-04-01T06:00:00Z');
    const a = startProcess(path, clock, 'A');
    const old = Date.parse('2024-01-01T06:00:00Z');
    expect(await a.store.claim(CHAT, '2024-01-01', old, 'dead', old, false)).toBe(true);
    expect(await a.store.claim({ ...CHAT, channel: '-1002' }, '2024-01-01', old, 'A', old, false)).toBe(true);
    await a.store.finish({ ...CHAT, channel: '-1002' }, '2024-01-01', 'A', 'sent', old);
    expect(await a.store.claim(CHAT, '2024-04-01', clock.now(), 'A', clock.now(), false)).toBe(true);
    expect(await a.store.prune(clock.now() - 35 * 86_400_000, clock.now())).toBe(2);
    expect((await a.store.post(CHAT, '2024-04-01'))?.status).toBe('claimed'); // a live claim stays
  });

  it('a digest that could not be written is tried again, then posted once', async () => {
    const path = tempPath();
    let failures = 1;
    const base = fixedServices();
    const flaky = fixedServices({
      explain: async (request) => {
        if (failures-- > 0) throw new Error('exchange timed out');
        return base.explain(request);
      },
    });
    const clock = new ManualClock('2024-04-01T05:30:00Z');
    const p = startProcess(path, clock, 'A', flaky);
    await p.store.set(CHAT, '08:00', 'Europe/Paris', 'mod', Date.parse('2024-03-31T20:00:00Z'));
    await clock.advanceTo(DUE);
    expect((await p.scheduler.runOnce()).map((r) => r.outcome)).toEqual(['retry']);
    await clock.advanceTo('2024-04-01T06:01:00Z');
    expect((await p.scheduler.runOnce()).map((r) => r.outcome)).toEqual(['late']);
    expect(await p.scheduler.runOnce()).toEqual([]);
    expect(p.poster.posts).toHaveLength(1);
  });
});

describe('digests in the chat’s language', () => {
  it('GIVEN a chat whose language is set to Russian THEN its digest is asked for and introduced in Russian', async () => {
    const path = tempPath();
    const clock = new ManualClock('2024-03-29T12:00:00Z');
    const settingsDb = openDatabase(path);
    cleanups.push(() => void settingsDb.close());
    const chatSettings = new SqlChatSettings(settingsDb, clock);
    await chatSettings.setLanguage(CHAT, 'ru', 'mod');
    const services = { ...fixedServices(), chatSettings };
    const p = startProcess(path, clock, 'A', services);
    await p.store.set(CHAT, '08:00', 'Europe/Paris', 'mod', clock.now());
    p.scheduler.start();
    await clock.nextSleep();
    await clock.advanceTo('2024-03-30T12:00:00Z');
    expect(p.poster.posts).toHaveLength(1);
    expect(services.requests.at(-1)).toMatchObject({ form: 'full', language: 'ru' });
    const ru = services.languages.pack('ru').ui;
    const reply = p.poster.posts[0]!.reply;
    // the article's own title after the Russian "daily digest" label
    const article = (await services.explain({ form: 'full' })).document.title;
    expect(titleOf(reply)).toBe(ru.t('digest.title', { title: article }));
    expect(textOf(reply)).toContain(ru.t('digest.intro', { time: '08:00', zone: 'Europe/Paris' }));
  });
});
