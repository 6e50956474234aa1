// Headlines through the real telegraf and discord.js against the fakes, on the real 5 August 2024 klines: the
// headline that lines up shows with its outlet, time and link, and a hostile title (a mention, a masked link,
// markup) pings no one and links nowhere but the item's own http(s) address. The feed file is written by this
// test (a generated headline, not a real report), exactly in a publisher's RSS format.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { newsSource } from '../../src/gather/news/source.ts';
import type { AnySnapshotSource } from '../../src/gather/snapshot-source.ts';
import { bothChatsConfig } from '../fakes/both-chats-config.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { memoryLogger, tempDir } from '../helpers/testkit.ts';

const AT = '2024-08-05T07:00:00Z';
const HOSTILE =
  'Bank of Japan rate hike shock @everyone <@123> [claim](https://evil.example/x) &amp; <b>yen</b> surges';
const LINK = 'https://testwire.example/boj?x=1&y=(2)';
const dir = tempDir('whybot-news-e2e-');
let discord: FakeDiscord;
let telegram: FakeTelegram;
let replay: Awaited<ReturnType<typeof replayServices>>;
let bot: RunningBot;

beforeAll(async () => {
  const file = join(dir.path, 'testwire.xml');
  writeFileSync(
    file,
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
      <item><title><![CDATA[${HOSTILE}]]></title><link>${LINK.replace(/&/g, '&amp;')}</link><pubDate>Sun, 04 Aug 2024 23:20:00 GMT</pubDate></item>
    </channel></rss>`,
  );
  const config = loadConfig({ WHYBOT_COINS: 'BTC', LOG_LEVEL: 'silent' }, PLATFORMS);
  const source = newsSource({
    config,
    replay: { files: [], at: Date.parse(AT) },
    files: { news: [file] },
  }) as AnySnapshotSource;
  [discord, telegram, replay] = await Promise.all([
    startFakeDiscord(),
    startFakeTelegram(),
    replayServices(AT, { sources: [source] }),
  ]);
  const botConfig = bothChatsConfig(discord, telegram);
  bot = await runBot(botConfig, replay.services, { logger: memoryLogger().logger });
});

afterAll(async () => {
  await bot?.stop();
  await Promise.all([discord?.close(), telegram?.close(), replay?.close()]);
  dir.cleanup();
});

describe('a headline in the article, on each platform', () => {
  it('Telegram: quoted with outlet and time, linked to its own address, and no mention or foreign link', async () => {
    const before = telegram.callsOf('sendPhoto').length;
    telegram.sendUserMessage({ chatId: 701, text: '/why' });
    await telegram.waitForCalls('sendPhoto', before + 1);
    const html = telegram
      .callsOf('sendMessage')
      .concat(telegram.callsOf('sendPhoto'))
      .filter((c) => String(c.fields.chat_id) === '701')
      .map((c) => String(c.fields.text ?? c.fields.caption))
      .join('\n');
    expect(html).toContain('Bank of Japan rate hike shock ＠everyone');
    expect(html).toMatch(/\(Test Wire, [^)]*23:20[^)]*\)/);
    expect(html).toContain(`<a href="${LINK.replace(/&/g, '&amp;')}">`);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.every((h) => h === LINK.replace(/&/g, '&amp;'))).toBe(true);
    expect(html).not.toMatch(/@everyone|<@|<b>yen/);
  });

  it('Discord: the same line, a masked link to the item only, and mentions parsed by no one', async () => {
    const { token } = discord.sendSlashCommand({ name: 'why', guildId: '1500000000000000001' });
    const edit = await discord.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`));
    const payload = JSON.parse(String(edit.fields.payload_json)) as {
      embeds?: Array<{ description?: string }>;
      allowed_mentions?: { parse?: unknown[] };
    };
    const text = (payload.embeds ?? []).map((e) => e.description ?? '').join('\n');
    // times are Discord timestamp tokens, shown in each reader's zone
    expect(text).toContain('(Test Wire, <t:1722813600:f>)');
    expect(text).toContain('](https://testwire.example/boj?x=1&y=%282%29)');
    // the title's own masked link is escaped text, its URL broken: only the item's address is a link
    const links = [...text.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(['https://testwire.example/boj?x=1&y=%282%29']);
    expect(text).not.toMatch(/@everyone|<@\d/);
    expect(payload.allowed_mentions?.parse ?? []).toEqual([]);
  });
});
