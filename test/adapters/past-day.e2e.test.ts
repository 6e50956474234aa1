// /why for a past day, end to end: the real discord.js and telegraf against the fakes, the real services over ccxt
// and the simulator replaying the whole 2024 USD-M futures year (its clock at 31 December 2024, 23:00 UTC). The
// answer describes the asked day from the history (its price is that day's close in the files) and says which
// moment it describes; days after the replayed moment, before the files, or malformed get a clear answer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { formatPrice } from '../../src/narrate/format.ts';
import { bothChatsConfig } from '../fakes/both-chats-config.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const DIR = 'examples/binance/futures/um';
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.csv'))
  .map((f) => join(DIR, f));
/** The close of the last hour of a UTC day, read from the files here. */
function dayClose(day: string): number {
  const t = Date.parse(`${day}T23:00:00Z`);
  const row = FILES.flatMap((f) => readFileSync(f, 'utf8').split('\n')).find((l) => l.startsWith(`${t},`))!;
  return Number(row.split(',')[4]);
}

let discord: FakeDiscord;
let telegram: FakeTelegram;
let replay: Awaited<ReturnType<typeof replayServices>>;
let bot: RunningBot;

beforeAll(async () => {
  [discord, telegram, replay] = await Promise.all([
    startFakeDiscord(),
    startFakeTelegram(),
    replayServices('2024-12-31T23:00:00Z', { files: FILES }),
  ]);
  const config = bothChatsConfig(discord, telegram);
  bot = await runBot(config, replay.services, { logger: memoryLogger().logger });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await Promise.all([discord?.close(), telegram?.close(), replay?.close()]);
});

const plainText = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Send a Telegram message and read every answer in that chat until one matching `done` arrives. */
async function telegramAsk(chatId: number, text: string, done: 'sendMessage' | 'sendPhoto'): Promise<string> {
  const before = {
    sendMessage: telegram.callsOf('sendMessage').length,
    sendPhoto: telegram.callsOf('sendPhoto').length,
  };
  telegram.sendUserMessage({ chatId, text });
  await telegram.waitForCalls(done, before[done] + 1, 30_000); // a cold chart and history on two busy cores
  return plainText(
    (['sendMessage', 'sendPhoto'] as const)
      .flatMap((m) => telegram.callsOf(m).slice(before[m]))
      .filter((c) => String(c.fields.chat_id) === String(chatId))
      .map((c) => String(c.method === 'sendPhoto' ? c.fields.caption : c.fields.text))
      .join('\n'),
  );
}

/**
 * Run a slash command on Discord and read the answer, as JSON text: the edited reply after the deferral, or the
 * private follow-up that replaces it for a refusal.
 */
async function discordAsk(options: Array<{ name: string; type: number; value: string }>): Promise<string> {
  const { id, token } = discord.sendSlashCommand({ name: 'why', guildId: '1500000000000000001', options });
  const callback = await discord.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
  expect(callback.fields).toMatchObject({ type: 5 });
  const edit = await Promise.race([
    discord.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`)),
    // a refusal replaces the public "thinking" with a private follow-up
    discord.waitForCall('POST', new RegExp(`^/webhooks/\\d+/${token}$`)),
  ]);
  const payload = edit.fields.payload_json ? JSON.parse(String(edit.fields.payload_json)) : edit.fields;
  return JSON.stringify(payload);
}

describe('GIVEN the 2024 futures year replayed at its end', () => {
  it('WHEN /why btc date:2024-08-05 is typed on Telegram THEN the article is that day, at its close, labelled', {
    timeout: 40_000,
  }, async () => {
    const text = await telegramAsk(901, '/why btc date:2024-08-05', 'sendPhoto');
    const close = dayClose('2024-08-05');
    expect(text).toContain('As of the close of 5 August 2024 (00:00 UTC on 6 August 2024)');
    expect(text).toContain('recorded data, not live');
    expect(text).toContain('Replay of 6 August 2024, 00:00 UTC');
    expect(text).toContain(formatPrice(close));
    expect(text).not.toContain(formatPrice(dayClose('2024-12-31')));
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('WHEN the date is a bare word after the coin THEN it is the same day', async () => {
    const text = await telegramAsk(902, '/why btc 2024-03-14', 'sendPhoto');
    expect(text).toContain('As of the close of 14 March 2024');
    expect(text).toContain(formatPrice(dayClose('2024-03-14')));
  });

  it('WHEN /why is run on Discord with the date option THEN the embed is that day', async () => {
    const body = await discordAsk([
      { name: 'coin', type: 3, value: 'btc' },
      { name: 'date', type: 3, value: '2024-08-05T07:00' },
    ]);
    expect(body).toContain('As of 5 August 2024, 07:00 UTC');
    expect(body).toContain(`Replay of <t:${Date.parse('2024-08-05T07:00:00Z') / 1000}:f>`);
    // the last hourly close by 07:00 is the 06:00 hour's
    const row = FILES.flatMap((f) => readFileSync(f, 'utf8').split('\n')).find((l) =>
      l.startsWith(`${Date.parse('2024-08-05T06:00:00Z')},`),
    )!;
    expect(body).toContain(formatPrice(Number(row.split(',')[4])));
  });

  it('WHEN the date is after the replayed moment, before the files, or malformed THEN a clear answer and no article', async () => {
    expect(await telegramAsk(903, '/why btc date:2025-10-10', 'sendMessage')).toMatch(
      /^2025-10-10 is in the future: I can explain moments up to 31 December 2024, 23:00 UTC, not after\.$/,
    );
    expect(await telegramAsk(904, '/why date:2023-06-01', 'sendMessage')).toBe(
      'That is before the history available: the replayed files begin on 1 January 2024. Try a day from then on.',
    );
    expect(await telegramAsk(905, '/why date:2024-02-30', 'sendMessage')).toMatch(
      /^2024-02-30 is not a real date; use YYYY-MM-DD/,
    );
    const refusal = await discordAsk([{ name: 'date', type: 3, value: 'yesterday' }]);
    expect(refusal).toContain('“yesterday” is not a date I understand; use YYYY-MM-DD');
    expect(refusal).toContain('"flags":64');
  });
});
