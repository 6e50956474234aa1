// One contract for the drop-alert stores on both engines: SQLite always, PostgreSQL when DATABASE_URL_TEST is set
// (each run in a schema of its own). Two connections (as two processes would have) stepping one rule at once agree
// on one episode; a chat's post for a band is claimed once between them; the rule limit holds under concurrent
// subscribes; alert messages, daily counts, moving and forgetting a chat, and pruning behave the same.
import { afterEach, describe, expect, it } from 'vitest';
import { gate } from '../../src/alerts/channel-gate.ts';
import { DEFAULT_ALERT_RULES, ruleKey, type AlertRule } from '../../src/core/alert-rule.ts';
import type { Episode } from '../../src/core/alert-state.ts';
import type { Storage } from '../../src/store/open-storage.ts';
import { AlertMessageStore } from '../../src/store/schedules/alert-messages.ts';
import { AlertStore } from '../../src/store/schedules/alert-store.ts';
import { forgetChannel, moveChannel } from '../../src/store/schedules/forget-channel.ts';
import { RuleLimitError } from '../../src/store/schedules/types.ts';
import { PG_URL, postgresEngine, sqliteEngine, type Engine } from './engines.ts';

const CHAT = { platform: 'telegram' as const, channel: '-1001', kind: 'group' as const };
const OTHER = { platform: 'discord' as const, channel: '42', kind: 'group' as const };
const T = Date.parse('2024-08-05T06:00:00Z');
const BTC: AlertRule = { target: 'BTC', dropPct: 3, windowMs: 3_600_000 };
const GATE = { cooldownMs: 2 * 3_600_000, escalationGapMs: 300_000 };

/** An episode as the engine would open it at `at`, `band` deep. */
const episodeAt = (at: number, band = 1): Episode => ({
  id: `${ruleKey(BTC)}@${at.toString()}`,
  startedAt: at,
  anchor: { BTC: { price: 60_000, at: at - 3_600_000 } },
  band,
  deepestPct: -3.2,
  lastDeepenAt: at,
});

function contract(engine: Engine) {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  /** Two connections on one fresh place (two processes sharing the database). */
  async function connections(): Promise<[Storage, Storage]> {
    const place = engine.place();
    cleanups.push(place.cleanup);
    const open = async () => {
      const storage = await place.open();
      cleanups.push(() => storage.close());
      return storage;
    };
    return [await open(), await open()];
  }
  const alertStore = (s: Storage) => new AlertStore(s.sql, { clock: { now: () => T }, maxRulesPerChat: 3 });

  it(`${engine.name}: subscribe keeps the order rules were added in, refuses past the limit, unsubscribes`, async () => {
    const [a] = await connections();
    const store = alertStore(a);
    expect(store.engine).toBe(engine.name);
    expect(await store.subscribe(CHAT, DEFAULT_ALERT_RULES, 'mod')).toEqual([...DEFAULT_ALERT_RULES]);
    // following a rule again adds nothing
    expect(await store.subscribe(CHAT, [DEFAULT_ALERT_RULES[0]!], 'mod')).toHaveLength(2);
    await store.subscribe(OTHER, [BTC], 'mod');
    const extra = [
      { target: 'ETH', dropPct: 5, windowMs: 14_400_000 },
      { target: 'SOL', dropPct: 8, windowMs: 3_600_000 },
    ];
    const refused = await store.subscribe(CHAT, extra, 'mod').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RuleLimitError);
    expect(refused).toMatchObject({ max: 3, following: 2 });
    expect(await store.list(CHAT)).toHaveLength(2); // nothing of the refused call was kept
    expect((await store.activeRules()).map(ruleKey).sort()).toEqual(
      [...new Set([...DEFAULT_ALERT_RULES, BTC].map(ruleKey))].sort(),
    );
    // the default BTC rule is the same rule in both chats: one rule, two subscribers, by platform and channel
    expect((await store.subscribers(ruleKey(BTC))).map((s) => `${s.platform}:${s.channel}`)).toEqual([
      'discord:42',
      'telegram:-1001',
    ]);
    expect(await store.unsubscribe(CHAT)).toBe(2);
    expect(await store.unsubscribe(CHAT)).toBe(0);
    expect(await store.list(CHAT)).toEqual([]);
  });

  it(`${engine.name}: concurrent subscribes from two connections never pass the rule limit`, async () => {
    const [a, b] = await connections();
    const rules = (target: string) =>
      [1, 2].map((i) => ({ target, dropPct: 2 + i, windowMs: 3_600_000 }) satisfies AlertRule);
    const results = await Promise.allSettled([
      alertStore(a).subscribe(CHAT, rules('BTC'), 'a'),
      alertStore(b).subscribe(CHAT, rules('ETH'), 'b'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await alertStore(a).list(CHAT)).toHaveLength(2);
  });

  it(`${engine.name}: two connections stepping one rule at once agree on one episode`, async () => {
    const [a, b] = await connections();
    const opened = [episodeAt(T), episodeAt(T + 5_000)];
    // each connection would open its own episode if it found none: only the first to take its turn may
    const step = (mine: Episode) => (stored: Episode | undefined) =>
      stored === undefined ? { change: 'started', episode: mine } : { change: 'none', episode: stored };
    const [ra, rb] = await Promise.all([
      alertStore(a).stepRule(BTC, T, step(opened[0]!)),
      alertStore(b).stepRule(BTC, T, step(opened[1]!)),
    ]);
    expect([ra.change, rb.change].sort()).toEqual(['none', 'started']);
    expect(ra.episode?.id).toBe(rb.episode?.id);
    expect((await alertStore(b).episode(ruleKey(BTC)))?.id).toBe(ra.episode?.id);
    // ending the episode clears it for everyone
    await alertStore(b).stepRule(BTC, T + 60_000, () => ({ change: 'ended', episode: undefined }));
    expect(await alertStore(a).episode(ruleKey(BTC))).toBeUndefined();
  });

  it(`${engine.name}: a chat's post of a band is admitted and claimed once between two connections`, async () => {
    const [a, b] = await connections();
    await alertStore(a).subscribe(CHAT, [BTC], 'mod');
    const [sub] = await alertStore(a).subscribers(ruleKey(BTC));
    const episode = episodeAt(T);
    const admit = (s: Storage, owner: string) =>
      alertStore(s).admit(sub!, episode, T, owner, -3.2, T, (memory) => gate(memory, episode, T, GATE));
    const both = await Promise.all([admit(a, 'A'), admit(b, 'B')]);
    expect(both.filter((r) => r.claimed)).toHaveLength(1);
    // the chat now remembers the band: asked again, nobody posts
    const again = await admit(a, 'A');
    expect(again).toMatchObject({ claimed: false, decision: { post: false } });
    expect(await alertStore(b).lastPost(CHAT)).toEqual({
      ruleKey: ruleKey(BTC),
      band: 1,
      movePct: -3.2,
      at: T,
      status: 'claimed',
    });
    await alertStore(b).finishPost(sub!, episode.id, 1, 'sent', T + 1_000);
    expect((await alertStore(a).lastPost(CHAT))?.status).toBe('sent');
    // a deeper band is a new post
    const deeper = { ...episode, band: 2, lastDeepenAt: T + 600_000 };
    const next = await alertStore(a).admit(sub!, deeper, T + 600_000, 'A', -5.1, T + 600_000, (m) =>
      gate(m, deeper, T + 600_000, GATE),
    );
    expect(next).toMatchObject({ claimed: true, decision: { post: true } });
    // finished posts older than the cut are pruned; rule state nobody follows goes
    await alertStore(a).finishPost(sub!, deeper.id, 2, 'sent', T + 601_000);
    await alertStore(a).stepRule(BTC, T, () => ({ change: 'started', episode }));
    await alertStore(a).unsubscribe(CHAT);
    expect(await alertStore(a).prune(T + 1)).toBe(1);
    expect(await alertStore(a).episode(ruleKey(BTC))).toBeUndefined();
  });

  it(`${engine.name}: alert messages and daily counts`, async () => {
    const [a, b] = await connections();
    const mine = new AlertMessageStore(a.sql);
    const theirs = new AlertMessageStore(b.sql);
    const message = { episode: 'e1', messageId: '777', postedAt: T, history: [{ bandPct: 3, movePct: -3.2, at: T }] };
    await mine.set(CHAT, ruleKey(BTC), message);
    expect(await theirs.get(CHAT, ruleKey(BTC))).toEqual(message);
    await theirs.set(CHAT, ruleKey(BTC), {
      ...message,
      history: [...message.history, { bandPct: 5, movePct: -5, at: T + 1 }],
    });
    expect((await mine.get(CHAT, ruleKey(BTC)))?.history).toHaveLength(2);
    await Promise.all([mine.countPost(CHAT, T), theirs.countPost(CHAT, T + 3_600_000), mine.countPost(OTHER, T)]);
    expect(await theirs.postsOn(CHAT, T)).toBe(2);
    expect(await theirs.postsOn(CHAT, T + 86_400_000)).toBe(0);
    await mine.prune(T + 86_400_000);
    expect(await theirs.get(CHAT, ruleKey(BTC))).toBeUndefined();
    expect(await theirs.postsOn(CHAT, T)).toBe(0);
  });

  it(`${engine.name}: a moved chat keeps its digest and alerts; a gone one loses them`, async () => {
    const [a] = await connections();
    const store = alertStore(a);
    await store.subscribe(CHAT, DEFAULT_ALERT_RULES, 'mod');
    // the new id already follows the BTC rule: its own row stays, the rest moves
    const moved = { ...CHAT, channel: '-1009' };
    await store.subscribe(moved, [DEFAULT_ALERT_RULES[0]!], 'mod', T + 1);
    await a.sql.query(
      `INSERT INTO digest_schedules (platform, channel, chat_kind, time, time_zone, since, created_by, updated_at)
       VALUES ('telegram', '-1001', 'group', '08:00', 'UTC', 0, 'mod', 0)`,
    );
    await moveChannel(a.sql, CHAT, moved.channel);
    expect(await store.list(CHAT)).toEqual([]);
    expect((await store.list(moved)).map(ruleKey).sort()).toEqual(DEFAULT_ALERT_RULES.map(ruleKey).sort());
    expect(await forgetChannel(a.sql, moved)).toEqual({ digest: true, alertRules: 2 });
    expect(await store.activeRules()).toEqual([]);
  });
}

describe('alert stores: SQLite', () => contract(sqliteEngine));
describe.skipIf(PG_URL === undefined)('alert stores: PostgreSQL (DATABASE_URL_TEST)', () => contract(postgresEngine));
