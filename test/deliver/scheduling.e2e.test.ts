// End to end: moderators subscribe with the real commands in a fake Discord (real discord.js) and a fake Telegram
// (real telegraf); startScheduling runs the digest scheduler on a manual clock and the alert watcher on the real
// ccxt pro client reading the simulator's price feed. The scheduled digest and the alert arrive in the chats that
// asked for them and nowhere else; chats that are gone for good are unsubscribed with a log line.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../src/core/alert-rule.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { schedulingSettings } from '../../src/deliver/settings.ts';
import {
  openSchedulingStores,
  startScheduling,
  type Scheduling,
  type SchedulingStores,
} from '../../src/deliver/start-scheduling.ts';
import { createPriceExchange } from '../../src/gather/prices/price-exchange.ts';
import type { Candle } from '../../src/gather/types.ts';
import { MarketData } from '../../src/simulator/market-data.ts';
import { PriceFeed } from '../../src/simulator/price-feed.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { sqliteRunner } from '../../src/store/sql-runner.ts';
import { startFakeDiscord, type DiscordCall, type FakeDiscord } from '../fakes/discord-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';

const MIN = 60_000;
const START = Date.parse('2024-04-01T05:50:00Z'); // 07:50 in Paris
const GUILD = '1500000000000000001';
const GUILD_CHANNEL = '1300000000000000001'; // where the fake's guild slash commands come from
const DM_CHANNEL = '1300000000000000002'; // where its DM slash commands come from
const GONE_CHANNEL = '1300000000000000099';
const MANAGE_GUILD = (1n << 5n).toString();

let discord: FakeDiscord;
let telegram: FakeTelegram;
let simulator: Simulator;
let feed: PriceFeed;
let db: Db;
let dir: string;
let bot: RunningBot;
let stores: SchedulingStores;
let scheduling: Scheduling;
const clock = new ManualClock(START);
const log = memoryLogger();

function flat(price: number, from: number, to: number): Candle[] {
  const out: Candle[] = [];
  for (let t = from; t < to; t += MIN) out.push({ t, o: price, h: price, l: price, c: price, v: 10 });
  return out;
}

const channelPosts = (channel: string): DiscordCall[] =>
  discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`);
const telegramTo = (chat: number) =>
  telegram.callsOf('sendMessage').filter((c) => String(c.fields.chat_id) === String(chat));
const embedTitle = (call: DiscordCall | undefined) =>
  ((call?.fields.embeds as Array<{ title?: string }> | undefined) ?? [])[0]?.title;

async function slash(name: string, options: Array<{ name: string; value: string }>, guildId?: string) {
  const { token } = discord.sendSlashCommand({
    name,
    options: options.map((o) => ({ ...o, type: 3 })),
    ...(guildId ? { guildId, permissions: MANAGE_GUILD } : {}),
  });
  return discord.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`));
}

/** A user's command in a Telegram chat; resolves once the bot has answered it. */
async function tell(chatId: number, text: string, chatType: 'private' | 'group' = 'group') {
  const sent = telegram.callsOf('sendMessage').length;
  telegram.sendUserMessage({ chatId, chatType, fromId: 8, text });
  await telegram.waitForCalls('sendMessage', sent + 1);
}

beforeAll(async () => {
  [discord, telegram, feed] = await Promise.all([startFakeDiscord(), startFakeTelegram(), PriceFeed.start()]);
  const data = new MarketData();
  data.addCandles('BTCUSDT', MIN, flat(60_000, START - 3 * 60 * MIN, START));
  data.addCandles('ETHUSDT', MIN, flat(3_000, START - 3 * 60 * MIN, START));
  simulator = await startSimulator({ data, now: () => clock.now() });
  dir = mkdtempSync(join(tmpdir(), 'whybot-e2e-'));
  db = openDatabase(join(dir, 'whybot.sqlite'));
  const config = loadConfig(
    {
      DISCORD_TOKEN: 'fake-discord-token',
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: GUILD,
      TELEGRAM_TOKEN: '1:fake',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_PER_CHAT_INTERVAL_MS: '20',
      WHYBOT_COINS: 'BTC,ETH',
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  const settings = { ...schedulingSettings(config), defaultTimeZone: 'Europe/Paris' };
  stores = openSchedulingStores(sqliteRunner(db), settings, clock);
  const services = { ...fixedServices(), ...stores };
  bot = await runBot(config, services, { logger: log.logger });
  telegram.setMember(-1002, 8, 'administrator');

  // moderators subscribe with the real commands
  await slash(
    'digest',
    [
      { name: 'action', value: 'set' },
      { name: 'time', value: '08:00' },
    ],
    GUILD,
  );
  await slash('alerts', [{ name: 'action', value: 'on' }]);
  await tell(-1002, '/digest set 08:00 Europe/Paris');
  await tell(55, '/alerts on', 'private');
  await tell(77, '/why', 'private');
  // chats that have since gone away: a deleted Discord channel, a Telegram group that removed the bot
  await stores.alerts.subscribe(
    { platform: 'discord', channel: GONE_CHANNEL, kind: 'group' },
    DEFAULT_ALERT_RULES,
    'mod',
  );
  await stores.alerts.subscribe({ platform: 'telegram', channel: '-1099', kind: 'group' }, DEFAULT_ALERT_RULES, 'mod');
  discord.fail({
    method: 'POST',
    path: new RegExp(`^/channels/${GONE_CHANNEL}/messages$`),
    status: 404,
    body: { message: 'Unknown Channel', code: 10003 },
  });
  telegram.failChat(-1099, { error_code: 403, description: 'Forbidden: bot was kicked from the group chat' });

  const exchange = await createPriceExchange({ id: 'binanceusdm', restUrl: simulator.url, wsUrl: feed.url });
  scheduling = await startScheduling({
    stores,
    services,
    posters: bot.posters,
    settings,
    logger: log.logger,
    clock,
    owner: 'e2e',
    exchange,
  });
  await feed.waitForSubscription('btcusdt@miniTicker');
  await clock.whenSleeping();
});

afterAll(async () => {
  await scheduling?.stop();
  await bot?.stop();
  db?.close();
  await Promise.all([discord?.close(), telegram?.close(), feed?.close(), simulator?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('digests and alerts through the real chat clients', () => {
  it('stored what the moderators asked for, per platform and chat', async () => {
    expect((await stores.schedules.all()).map((s) => [s.platform, s.channel, s.time, s.timeZone])).toEqual([
      ['discord', GUILD_CHANNEL, '08:00', 'Europe/Paris'],
      ['telegram', '-1002', '08:00', 'Europe/Paris'],
    ]);
    expect(await stores.alerts.list({ platform: 'discord', channel: DM_CHANNEL })).toHaveLength(2);
    expect(await stores.alerts.list({ platform: 'telegram', channel: '55' })).toHaveLength(2);
  });

  it('posts the scheduled digest at 08:00 Paris time in the two chats that set it, and nowhere else', async () => {
    const before = discord.calls.length;
    await clock.advanceTo('2024-04-01T05:59:59Z');
    expect(channelPosts(GUILD_CHANNEL)).toHaveLength(0);
    await clock.advanceTo('2024-04-01T06:00:00Z');
    expect(embedTitle(channelPosts(GUILD_CHANNEL)[0])).toBe('Daily digest: Crypto falls sharply');
    expect(String(telegramTo(-1002).at(-1)?.fields.text)).toContain('<b>Daily digest: Crypto falls sharply</b>');
    expect(String(telegramTo(-1002).at(-1)?.fields.text)).toContain(
      'Your daily digest, scheduled for 08:00 Europe/Paris.',
    );
    const proactive = discord.calls.slice(before).filter((c) => c.path.startsWith('/channels/'));
    expect(proactive.map((c) => c.path)).toEqual([`/channels/${GUILD_CHANNEL}/messages`]);
    expect(telegramTo(55)).toHaveLength(1); // only the /alerts on answer
    expect(telegramTo(77)).toHaveLength(1); // only the /why answer
    await clock.advanceTo('2024-04-01T09:00:00Z');
    expect(channelPosts(GUILD_CHANNEL)).toHaveLength(1);
  });

  it('posts a drop alert from the live price feed to the chats that turned alerts on, and nowhere else', async () => {
    const at = START + 11 * MIN + 3 * 60 * MIN; // 09:01 UTC, after the digest test moved the clock
    const discordBefore = discord.calls.filter((c) => c.path.startsWith('/channels/')).length;
    const telegramBefore = { g: telegramTo(-1002).length, p: telegramTo(55).length, w: telegramTo(77).length };
    // an hour of flat prices, then a 3.3% fall in a minute
    for (let m = 0; m <= 60; m += 5) {
      const t = at - (61 - m) * MIN;
      feed.push(
        { symbol: 'ETHUSDT', close: 3_000, open: 3_000, at: t },
        { symbol: 'BTCUSDT', close: 60_000, open: 60_000, at: t },
      );
      await scheduling.watcher!.evaluatedUpTo(t);
    }
    feed.push(
      { symbol: 'ETHUSDT', close: 3_000, open: 3_000, at },
      { symbol: 'BTCUSDT', close: 58_000, open: 60_000, at },
    );
    await scheduling.watcher!.evaluatedUpTo(at);

    const dm = channelPosts(DM_CHANNEL);
    expect(dm).toHaveLength(1);
    expect(embedTitle(dm[0])).toBe('Drop alert: BTC -3.3% within 1 h');
    const text = String(telegramTo(55).at(-1)?.fields.text);
    expect(text).toContain('<b>Drop alert: BTC -3.3% within 1 h</b>');
    expect(text).toContain('BTC fell 3.3% within 1 h, from $60,000');
    expect(text).toContain('(Binance USD-M watchTickers)');
    // nowhere else: not the digest chats, not the chat that only asked /why
    const newDiscord = discord.calls
      .filter((c) => c.path.startsWith('/channels/'))
      .slice(discordBefore)
      .map((c) => c.path);
    expect(newDiscord.sort()).toEqual([`/channels/${DM_CHANNEL}/messages`, `/channels/${GONE_CHANNEL}/messages`]);
    expect(telegramTo(-1002)).toHaveLength(telegramBefore.g);
    expect(telegramTo(77)).toHaveLength(telegramBefore.w);
    expect(telegramTo(55)).toHaveLength(telegramBefore.p + 1);
  });

  it('unsubscribed the chats that are gone for good, with a log line, without holding up the others', async () => {
    expect(await stores.alerts.list({ platform: 'discord', channel: GONE_CHANNEL })).toEqual([]);
    expect(await stores.alerts.list({ platform: 'telegram', channel: '-1099' })).toEqual([]);
    const gone = log.lines.filter((l) => l.msg === 'unsubscribed a chat that is gone for good');
    expect(gone.map((l) => [l.platform, l.channel])).toEqual(
      expect.arrayContaining([
        ['discord', GONE_CHANNEL],
        ['telegram', '-1099'],
      ]),
    );
    expect(gone.find((l) => l.platform === 'telegram')?.reason).toBe(
      '403 Forbidden: bot was kicked from the group chat',
    );
    expect(await stores.alerts.list({ platform: 'telegram', channel: '55' })).toHaveLength(2);
  });
});
