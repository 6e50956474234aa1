// Alerts that update, end to end on the real telegraf and discord.js against the fakes, with the real SQLite
// stores, watcher and fan-out: a deepening drop edits its message across three bands (editMessageText; PATCH
// of the channel message), a deleted message is posted anew, rules firing together make one message, and the
// daily cap ends with one "muted until tomorrow" line.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { AlertWatcher } from '../../src/deliver/alert-watcher.ts';
import { FanOut } from '../../src/deliver/fan-out.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { AlertMessageStore } from '../../src/store/schedules/alert-messages.ts';
import { AlertStore } from '../../src/store/schedules/alert-store.ts';
import type { ChannelRef } from '../../src/store/schedules/types.ts';
import { parseRule } from '../../src/alerts/rules.ts';
import { startFakeDiscord, type DiscordCall, type FakeDiscord } from '../fakes/discord-server.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const MIN = 60_000;
const BASE = Date.UTC(2024, 7, 5, 0, 0);
const TG: ChannelRef = { platform: 'telegram', channel: '-100500', kind: 'group' };
const DC: ChannelRef = { platform: 'discord', channel: '1300000000000000009', kind: 'group' };
const SOURCE = 'Binance USD-M watchTickers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Setup {
  telegram: FakeTelegram;
  discord: FakeDiscord;
  watcher: AlertWatcher;
  db: Db;
  log: ReturnType<typeof memoryLogger>;
  /** Feed prices at BASE + `minutes` and wait for the evaluation and its posts. */
  push(minutes: number, prices: Record<string, number>): Promise<void>;
}

async function setup(
  rules: string[],
  chats: ChannelRef[],
  options: {
    dailyCap?: number;
    editWindowMs?: number;
    cooldownMs?: number;
    /** Make each explainer take this long (real time), and post the move alone after `earlyPostMs`. */
    explainDelayMs?: number;
    earlyPostMs?: number;
  } = {},
): Promise<Setup> {
  const [telegram, discord] = await Promise.all([startFakeTelegram(), startFakeDiscord()]);
  const log = memoryLogger();
  const config = loadConfig(
    {
      TELEGRAM_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_PER_CHAT_INTERVAL_MS: '10',
      DISCORD_TOKEN: 'fake-discord-token',
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  const bot: RunningBot = await runBot(config, fixedServices(), { logger: log.logger });
  const db = openDatabase(':memory:');
  const clock = new ManualClock(BASE);
  const store = new AlertStore(db, { clock });
  for (const chat of chats) await store.subscribe(chat, rules.map(parseRule), 'mod');
  const fanOut = new FanOut({ posters: bot.posters, logger: log.logger });
  const plain = fixedServices();
  const delay = options.explainDelayMs;
  const services =
    delay === undefined
      ? plain
      : {
          ...plain,
          explain: async (request: Parameters<typeof plain.explain>[0]) => {
            await new Promise((r) => setTimeout(r, delay));
            return plain.explain(request);
          },
        };
  const watcher = new AlertWatcher({
    store,
    services,
    fanOut,
    clock,
    logger: log.logger,
    owner: 'test',
    gate: { cooldownMs: options.cooldownMs ?? 120 * MIN, escalationGapMs: 5 * MIN },
    messages: new AlertMessageStore(db),
    ...(options.editWindowMs === undefined ? {} : { editWindowMs: options.editWindowMs }),
    ...(options.dailyCap === undefined ? {} : { dailyCap: options.dailyCap }),
    ...(options.earlyPostMs === undefined ? {} : { earlyPostMs: options.earlyPostMs }),
  });
  cleanups.push(async () => {
    await watcher.stop();
    await fanOut.stop();
    await bot.stop();
    db.close();
    await Promise.all([telegram.close(), discord.close()]);
  });
  // an hour of flat history, as the price stream's backfill gives it
  const flat = Array.from({ length: 121 }, (_, i) => [
    { coin: 'BTC', price: 60_000, at: BASE + (i - 120) * MIN, source: SOURCE },
    { coin: 'ETH', price: 3_000, at: BASE + (i - 120) * MIN, source: SOURCE },
  ]).flat();
  await watcher.ingest(flat);
  return {
    telegram,
    discord,
    watcher,
    db,
    log,
    async push(minutes, prices) {
      const at = BASE + minutes * MIN;
      clock.tick(Math.max(0, at - clock.now()));
      await watcher.ingest(Object.entries(prices).map(([coin, price]) => ({ coin, price, at, source: SOURCE })));
    },
  };
}

const discordPayload = (call: DiscordCall) =>
  (typeof call.fields.payload_json === 'string' ? JSON.parse(call.fields.payload_json) : call.fields) as {
    embeds: Array<{ title?: string; description?: string }>;
  };
const channelCalls = (discord: FakeDiscord, method: string) =>
  discord.calls.filter((c) => c.method === method && c.path.startsWith(`/channels/${DC.channel}/messages`));

describe('alerts that update', () => {
  it('posts the move at once when its explainer is slow, then edits the explainer into that same message', async () => {
    const s = await setup(['BTC:-3%:1h'], [TG], { explainDelayMs: 400, earlyPostMs: 50 });
    await s.push(3, { BTC: 58_100 }); // -3.2%: a new alert, its explainer still being written
    const [sent, ...more] = s.telegram.callsOf('sendMessage');
    expect(more).toHaveLength(0);
    expect(sent?.fields.text).toContain('Drop alert: BTC fell 3.2% within 1 h');
    expect(sent?.fields.text).toContain('The explanation follows in a moment');
    const [edit] = await s.telegram.waitForCalls('editMessageText', 1);
    expect(edit?.fields.message_id).toBe(sent?.messageId);
    expect(edit?.fields.text).toContain('Drop alert: BTC fell 3.2% within 1 h');
    expect(edit?.fields.text).not.toContain('The explanation follows');
    expect(String(edit?.fields.text).length).toBeGreaterThan(String(sent?.fields.text).length);
  });

  it('edits its message in place across three bands on Telegram and Discord, and posts anew once it is deleted', async () => {
    const s = await setup(['BTC:-3%:1h'], [TG, DC]);
    await s.push(3, { BTC: 58_100 }); // -3.2%: a new alert
    await s.push(10, { BTC: 56_900 }); // -5.2%: the same message, edited
    await s.push(20, { BTC: 55_000 }); // -8.3%: edited again
    const [sent, ...more] = s.telegram.callsOf('sendMessage');
    expect(more).toHaveLength(0);
    expect(sent?.fields.text).toContain('Drop alert: BTC fell 3.2% within 1 h');
    const edits = s.telegram.callsOf('editMessageText');
    expect(edits.map((e) => e.fields.message_id)).toEqual([sent?.messageId, sent?.messageId]);
    expect(edits[0]?.fields.text).toContain('<b>Drop alert: BTC -5.2% and deepening</b>');
    expect(edits[1]?.fields.text).toContain('<b>Drop alert: BTC -8.3% and deepening</b>');
    expect(edits[1]?.fields.text).toContain(
      'Updated 00:20 UTC. Bands passed: -3% at 00:03 UTC (-3.2%), then -5% at 00:10 UTC (-5.2%), then -8% at 00:20 UTC (-8.3%).',
    );

    const [posted, ...otherPosts] = channelCalls(s.discord, 'POST');
    expect(otherPosts).toHaveLength(0);
    const patches = channelCalls(s.discord, 'PATCH');
    expect(patches.map((p) => p.path)).toEqual([
      `/channels/${DC.channel}/messages/${posted!.messageId!}`,
      `/channels/${DC.channel}/messages/${posted!.messageId!}`,
    ]);
    const last = discordPayload(patches[1]!).embeds[0];
    expect(last?.title).toBe('Drop alert: BTC -8.3% and deepening');
    expect(last?.description).toContain(
      `Updated <t:${((BASE + 20 * MIN) / 1000).toString()}:t>. Bands passed: -3% at <t:${((BASE + 3 * MIN) / 1000).toString()}:t>`,
    );

    // someone deletes the alert: the next band is posted as a new message, its history kept
    s.telegram.deleteMessage(Number(TG.channel), sent!.messageId!);
    s.discord.deleteMessage(DC.channel, posted!.messageId!);
    await s.push(30, { BTC: 52_000 }); // -13.3%
    expect(s.telegram.callsOf('editMessageText')).toHaveLength(3);
    const anew = s.telegram.callsOf('sendMessage');
    expect(anew).toHaveLength(2);
    expect(anew[1]?.fields.text).toContain('then -13% at 00:30 UTC (-13.3%)');
    expect(channelCalls(s.discord, 'PATCH')).toHaveLength(3);
    expect(channelCalls(s.discord, 'POST')).toHaveLength(2);
    expect(s.log.lines.filter((l) => l.msg === 'message to edit is gone; posting anew')).toHaveLength(2);
  }, 30_000);

  it('makes one message of rules firing together, and stops at the daily cap with one muted line', async () => {
    const s = await setup(['BTC:-3%:1h', 'ETH:-3%:1h'], [TG], { dailyCap: 2, editWindowMs: MIN, cooldownMs: MIN });
    await s.push(3, { BTC: 58_100, ETH: 2_900 }); // both rules at once: one message
    const [both] = s.telegram.callsOf('sendMessage');
    expect(both?.fields.text).toContain('<b>Drop alerts: BTC -3.2% within 1 h; ETH -3.3% within 1 h</b>');
    expect(both?.fields.text).toContain('Drop alert: BTC fell 3.2%');
    expect(both?.fields.text).toContain('Drop alert: ETH fell 3.3%');
    await s.push(10, { BTC: 56_900, ETH: 2_900 }); // BTC deeper, after the edit window: posted anew, the cap's last
    const second = s.telegram.callsOf('sendMessage')[1];
    expect(second?.fields.text).toContain(
      'This chat has had 2 alerts today: more alerts are muted until tomorrow (00:00 UTC).',
    );
    await s.push(20, { BTC: 55_000, ETH: 2_900 }); // deeper again: muted
    expect(s.telegram.callsOf('sendMessage')).toHaveLength(2);
    expect(s.telegram.callsOf('editMessageText')).toHaveLength(0);
    expect(s.log.lines.some((l) => l.msg === 'drop alert muted: the chat reached its daily cap')).toBe(true);
    expect(s.db.prepare('SELECT detail FROM alert_posts WHERE band = 3').pluck().get()).toBe(
      'muted by the daily alert cap',
    );
  }, 30_000);
});
