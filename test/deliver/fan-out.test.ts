// The fan-out queue and the "gone for good" rules: one failing chat does not hold up the others, only errors
// that mean the chat is gone (as discord.js and telegraf raise them) unsubscribe it, and a Telegram group that
// became a supergroup keeps its digest and alerts under the new id.
import { DiscordAPIError } from 'discord.js';
import { TelegramError } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { discordGoneError } from '../../src/adapters/discord/post-errors.ts';
import { telegramGoneError } from '../../src/adapters/telegram/post-errors.ts';
import { ChannelGoneError } from '../../src/adapters/post.ts';
import { FanOut } from '../../src/deliver/fan-out.ts';
import { openDatabase } from '../../src/store/database.ts';
import { AlertStore } from '../../src/store/schedules/alert-store.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { forgetChannel, moveChannel } from '../../src/store/schedules/forget-channel.ts';
import { DEFAULT_ALERT_RULES } from '../../src/core/alert-rule.ts';
import type { NoticeReply } from '../../src/core/reply.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';
import { recordingPoster } from '../fakes/recording-poster.ts';

const discordError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', {});
const telegramError = (error_code: number, description: string, parameters?: { migrate_to_chat_id?: number }) =>
  new TelegramError({ error_code, description, ...(parameters ? { parameters } : {}) });

describe('which platform errors mean a chat is gone for good', () => {
  it('Discord: unknown channel or guild, missing access, closed DMs; not missing permissions, rate limits or outages', async () => {
    expect(discordGoneError(discordError(404, 10003, 'Unknown Channel'), '1')?.reason).toBe(
      '404 Unknown Channel (code 10003)',
    );
    expect(discordGoneError(discordError(403, 50001, 'Missing Access'), '1')).toBeInstanceOf(ChannelGoneError);
    expect(discordGoneError(discordError(403, 50007, 'Cannot send messages to this user'), '1')).toBeInstanceOf(
      ChannelGoneError,
    );
    expect(discordGoneError(discordError(403, 50013, 'Missing Permissions'), '1')).toBeUndefined();
    expect(discordGoneError(discordError(500, 0, 'Internal Server Error'), '1')).toBeUndefined();
    expect(discordGoneError(new Error('socket hang up'), '1')).toBeUndefined();
  });

  it('Telegram: 403 (kicked, blocked), chat not found, deactivated groups; a migrated group carries its new id', async () => {
    expect(telegramGoneError(telegramError(403, 'Forbidden: bot was kicked from the group chat'), '-1')?.reason).toBe(
      '403 Forbidden: bot was kicked from the group chat',
    );
    expect(telegramGoneError(telegramError(403, 'Forbidden: bot was blocked by the user'), '5')).toBeInstanceOf(
      ChannelGoneError,
    );
    expect(telegramGoneError(telegramError(400, 'Bad Request: chat not found'), '-1')).toBeInstanceOf(ChannelGoneError);
    expect(
      telegramGoneError(
        telegramError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
          migrate_to_chat_id: -1002345,
        }),
        '-1',
      )?.movedTo,
    ).toBe('-1002345');
    expect(
      telegramGoneError(telegramError(400, 'Bad Request: not enough rights to send text messages to the chat'), '-1'),
    ).toBeUndefined();
    expect(telegramGoneError(telegramError(429, 'Too Many Requests: retry after 5'), '-1')).toBeUndefined();
  });
});

describe('the fan-out queue', () => {
  const stops: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
  });
  const reply: NoticeReply = { kind: 'notice', tone: 'info', lines: ['hello'] };

  it('delivers to every chat while one fails and one is gone, and reports each outcome', async () => {
    const telegram = recordingPoster('telegram', () => 0);
    const discord = recordingPoster('discord', () => 0);
    telegram.failFor('-2', () => new Error('500 Internal Server Error'));
    discord.failFor('9', () => new ChannelGoneError('discord', '9', '404 Unknown Channel (code 10003)'));
    const gone: string[] = [];
    const log = memoryLogger();
    const fanOut = new FanOut({
      posters: { telegram, discord },
      logger: log.logger,
      rates: { discord: 5, telegram: 5 },
      onGone: (w) => gone.push(`${w.platform}:${w.channel}`),
    });
    stops.push(() => fanOut.stop());
    const chats = [
      { platform: 'telegram' as const, channel: '-1', kind: 'group' as const },
      { platform: 'telegram' as const, channel: '-2', kind: 'group' as const },
      { platform: 'discord' as const, channel: '9', kind: 'group' as const },
      { platform: 'discord' as const, channel: '10', kind: 'group' as const },
      { platform: 'terminal' as const, channel: 'terminal', kind: 'terminal' as const },
    ];
    const outcomes = await fanOut.sendAll(chats.map((where) => ({ where, reply, what: 'test' })));
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'failed', 'gone', 'sent', 'no-adapter']);
    expect([...telegram.posts, ...discord.posts].map((p) => p.target.channel).sort()).toEqual(['-1', '10']);
    expect(gone).toEqual(['discord:9']);
    expect(log.lines.some((l) => l.msg === 'post failed' && l.channel === '-2')).toBe(true);
  });

  it('a post that takes long (a pause before its chart) does not hold up the next chats: starts stay at the rate', async () => {
    const discord = recordingPoster('discord', () => 0);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    const post = discord.post.bind(discord);
    discord.post = async (target, r) => {
      started.push(target.channel);
      await held;
      return post(target, r);
    };
    // 20 posts a second; 30 chats whose posts all hang until released
    const fanOut = new FanOut({ posters: { discord }, logger: memoryLogger().logger, rates: { discord: 20 } });
    stops.push(() => fanOut.stop());
    const sending = Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fanOut.send({ platform: 'discord', channel: String(i + 1), kind: 'group' }, reply, 'test alert'),
      ),
    );
    await waitUntil(() => started.length === 30, 'every post started while the first ones still hang');
    release();
    expect((await sending).every((o) => o.status === 'sent')).toBe(true);
  });

  it('bounds its queue: past maxQueued the oldest waiting post is dropped, reported and logged', async () => {
    const discord = recordingPoster('discord', () => 0);
    const log = memoryLogger();
    // One post per 100 s: the first goes out, the second waits out the interval, two wait in the queue.
    const fanOut = new FanOut({
      posters: { discord },
      logger: log.logger,
      rates: { discord: 0.01, telegram: 0 },
      maxQueued: 2,
    });
    stops.push(() => fanOut.stop());
    const outcomes = new Map<string, string>();
    for (let i = 1; i <= 6; i++) {
      const channel = String(i);
      void fanOut
        .send({ platform: 'discord', channel, kind: 'group' }, reply, 'test digest')
        .then((o) => outcomes.set(channel, o.status));
    }
    await waitUntil(
      () => log.lines.filter((l) => /fan-out queue full/.test(String(l.msg))).length >= 2 && outcomes.size >= 3,
      'two drops',
    );
    expect(discord.posts.map((p) => p.target.channel)).toEqual(['1']);
    expect(outcomes.get('3')).toBe('dropped');
    expect(outcomes.get('4')).toBe('dropped');
    const drops = log.lines.filter((l) => /fan-out queue full/.test(String(l.msg)));
    expect(drops.map((l) => l.channel)).toEqual(['3', '4']);
    expect(drops.every((l) => l.level === 40 && l.what === 'test digest')).toBe(true);
  });

  it('forgets a gone chat everywhere, and moves a migrated one', async () => {
    const db = openDatabase(':memory:');
    stops.push(() => {
      db.close();
    });
    const schedules = new DigestStore(db);
    const alerts = new AlertStore(db);
    const old = { platform: 'telegram' as const, channel: '-1', kind: 'group' as const };
    await schedules.set(old, '08:00', 'UTC', 'mod', 0);
    await alerts.subscribe(old, DEFAULT_ALERT_RULES, 'mod', 0);
    await moveChannel(db, old, '-1002345');
    expect(await schedules.get(old)).toBeUndefined();
    expect((await schedules.get({ platform: 'telegram', channel: '-1002345' }))?.time).toBe('08:00');
    expect(await alerts.list({ platform: 'telegram', channel: '-1002345' })).toHaveLength(2);
    expect(await forgetChannel(db, { platform: 'telegram', channel: '-1002345' })).toEqual({
      digest: true,
      alertRules: 2,
    });
    expect(await schedules.all()).toEqual([]);
    expect(await alerts.activeRules()).toEqual([]);
  });
});
