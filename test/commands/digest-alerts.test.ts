// /digest and /alerts through the dispatcher (typed text and Discord-style values) over the real SQLite stores:
// what they store per chat, what they answer, and how they refuse bad times, zones, thresholds and coins.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { NoticeReply, Reply } from '../../src/core/reply.ts';
import { Dispatcher, type InvocationContext } from '../../src/adapters/dispatcher.ts';
import { createRegistry } from '../../src/adapters/registry.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { AlertStore } from '../../src/store/schedules/alert-store.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { timeToken } from '../../src/core/time-token.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { memoryLogger } from '../helpers/testkit.ts';

let db: Db;
let clock: ManualClock;
let dispatcher: Dispatcher;
let schedules: DigestStore;
let alerts: AlertStore;

beforeEach(() => {
  db = openDatabase(':memory:');
  clock = new ManualClock('2024-03-30T12:00:00Z');
  schedules = new DigestStore(db, 'Europe/Paris', clock);
  alerts = new AlertStore(db, { clock });
  dispatcher = new Dispatcher(
    createRegistry(commands),
    { ...fixedServices(), schedules, alerts },
    memoryLogger().logger,
  );
});
afterEach(() => db.close());

const group = (id: string, platform: InvocationContext['platform'] = 'telegram'): InvocationContext => ({
  platform,
  user: { id: 'mod' },
  chat: { id, kind: 'group' },
  isModerator: async () => true,
});

const lines = (reply: Reply): string[] => {
  if (reply.kind !== 'notice') throw new Error(`expected a notice, got ${reply.kind}`);
  return (reply as NoticeReply).lines;
};
const say = async (text: string, where = group('-100')) => {
  const [name, ...rest] = text.replace(/^\//, '').split(' ');
  return dispatcher.handle(name!, { text: rest.join(' ') }, where);
};

describe('/digest', () => {
  it('sets a daily time in a zone for this chat only, shows the next one (across the DST change), and turns off', async () => {
    expect(lines(await say('/digest set 08:00 europe/paris'))).toEqual([
      'Daily digest set: every day at 08:00 (Europe/Paris) in this chat.',
      `Next: Sun 2024-03-31 08:00 Europe/Paris (${timeToken(Date.parse('2024-03-31T06:00:00Z'))}).`,
      'Change it with /digest set, stop it with /digest off.',
    ]);
    expect(await schedules.get({ platform: 'telegram', channel: '-100' })).toMatchObject({
      time: '08:00',
      timeZone: 'Europe/Paris',
      kind: 'group',
      since: clock.now(),
      createdBy: 'mod',
    });
    expect(await schedules.get({ platform: 'telegram', channel: '-200' })).toBeUndefined();
    expect(await schedules.get({ platform: 'discord', channel: '-100' })).toBeUndefined();
    expect(lines(await say('/digest show'))[0]).toBe('Every day at 08:00 (Europe/Paris).');
    // a day claimed by a process that then died is never shown as being posted once the claim ran out
    const chat = { platform: 'telegram' as const, channel: '-100' };
    expect(await schedules.claim(chat, '2024-03-30', clock.now(), 'dead', clock.now(), false)).toBe(true);
    expect(lines(await say('/digest show'))[2]).toBe('Last: 2024-03-30, being posted.');
    clock.tick(60_000);
    expect(lines(await say('/digest show'))[2]).toBe(
      'Last: 2024-03-30, interrupted before it was sent (whybot stopped); it is tried again within the grace period, or this chat is told it was missed.',
    );
    expect(lines(await say('/digest off'))).toEqual(['Daily digest turned off in this chat.']);
    expect(lines(await say('/digest off'))).toEqual(['There was no daily digest in this chat.']);
    expect(lines(await say('/digest'))[0]).toContain('No daily digest in this chat.');
  });

  it('uses the configured zone when none is given, and takes Discord-style values', async () => {
    await say('/digest 7:30');
    expect(await schedules.get({ platform: 'telegram', channel: '-100' })).toMatchObject({
      time: '07:30',
      timeZone: 'Europe/Paris',
    });
    const command = dispatcher.registry.find('digest')!;
    const reply = await dispatcher.execute(
      command,
      { values: { action: 'set', time: '18:05', zone: 'America/New_York' } },
      group('1300', 'discord'),
    );
    expect(lines(reply)[0]).toBe('Daily digest set: every day at 18:05 (America/New_York) in this chat.');
  });

  it('refuses bad times and zones in words the moderator can act on, and stores nothing', async () => {
    expect(lines(await say('/digest set 25:00'))[0]).toContain('is not a time of day; use HH:MM');
    expect(lines(await say('/digest set 08:00 Mars/Olympus'))[0]).toContain(
      "I don't know the time zone “Mars/Olympus”",
    );
    expect(lines(await say('/digest set <b>x</b>'))[0]).toMatch(/I don't understand|not a time zone/);
    expect(lines(await say('/digest set'))[0]).toContain('Tell me when: /digest set 08:00');
    expect(await schedules.all()).toEqual([]);
  });

  it('posts the full digest now on request', async () => {
    const reply = await say('/digest now');
    expect(reply.kind === 'article' && reply.document.title).toBe('Daily digest: Crypto falls sharply');
  });
});

describe('/alerts', () => {
  it('turns the default rules on for this chat, shows them, and turns them off', async () => {
    const on = lines(await say('/alerts on'));
    expect(on[0]).toBe('Alerts are on in this chat:');
    expect(on[1]).toBe('• BTC falls 3% within 1 h; posts at -3%, -5%, -8%, -13%, ...');
    expect(on[2]).toBe(
      '• the basket falls 5% within 24 h (basket: BTC, ETH, SOL, equal-weighted); posts at -5%, -8%, -13%, -21%, ...',
    );
    expect(on[3]).toContain('waits 2 h');
    expect(await alerts.list({ platform: 'telegram', channel: '-100' })).toHaveLength(2);
    expect(await alerts.list({ platform: 'telegram', channel: '-200' })).toEqual([]);
    expect(lines(await say('/alerts show'))).toContain('No alert posted here yet.');
    expect(lines(await say('/alerts off'))).toEqual(['Alerts are off in this chat.']);
    expect(await alerts.activeRules()).toEqual([]);
  });

  it('follows a custom rule from threshold, window and coin in any order', async () => {
    await say('/alerts on eth 4h -5%');
    await say('/alerts basket 2.5');
    expect(await alerts.list({ platform: 'telegram', channel: '-100' })).toEqual([
      { target: 'ETH', dropPct: 5, windowMs: 4 * 3_600_000 },
      { target: 'BASKET', dropPct: 2.5, windowMs: 24 * 3_600_000 },
    ]);
  });

  it('refuses untracked coins and impossible thresholds', async () => {
    expect(lines(await say('/alerts on doge'))[0]).toBe("I don't track doge; try one of BTC, ETH, SOL.");
    expect(lines(await say('/alerts on -90%'))[0]).toContain('The threshold must be a drop between 0.5% and 50%');
    expect(await alerts.activeRules()).toEqual([]);
  });

  it('says plainly when this whybot has no schedule store', async () => {
    const bare = new Dispatcher(createRegistry(commands), fixedServices(), memoryLogger().logger);
    const reply = await bare.handle('alerts', { text: 'on' }, group('-100'));
    expect(lines(reply)[0]).toContain('Drop alerts are not running on this bot');
  });
});
