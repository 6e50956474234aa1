// End to end: the inline keyboard under /why on the real telegraf against the fake Bot API. Presses arrive as
// callback queries; the test reads answerCallbackQuery (sent before any article work) and what followed: a new
// message answering the pressed one, an edit in place, or a pop-up; also after a restart (state in callback_data).
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startFakeTelegram, type FakeTelegram, type TelegramCall } from '../fakes/telegram-server.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { movingServices, type MovingServices } from '../fakes/moving-services.ts';

const CHAT = -100777;
interface Key {
  text: string;
  callback_data: string;
}

let fake: FakeTelegram;
let bot: RunningBot;
let services: MovingServices;
const config = () =>
  loadConfig(
    {
      TELEGRAM_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_PER_CHAT_INTERVAL_MS: '10',
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );

beforeAll(async () => {
  fake = await startFakeTelegram();
  services = movingServices();
  bot = await runBot(config(), services, { logger: memoryLogger().logger });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

const keysOf = (call: TelegramCall | undefined): Key[] => {
  const markup = call?.fields.reply_markup;
  const parsed = (typeof markup === 'string' ? JSON.parse(markup) : markup) as { inline_keyboard: Key[][] } | undefined;
  return parsed?.inline_keyboard.flat() ?? [];
};

/** Send /why in the group; resolve with the bot's answer (its call, with messageId). */
async function why(text = '/why') {
  const before = fake.callsOf('sendMessage').length;
  fake.sendUserMessage({ chatId: CHAT, chatType: 'group', text });
  return (await fake.waitForCalls('sendMessage', before + 1))[before]!;
}

/** Press `key` on `message`; resolve with the answerCallbackQuery and the next call of `then`. */
async function press(message: TelegramCall, key: Key, then: string) {
  const answers = fake.callsOf('answerCallbackQuery').length;
  const followed = fake.callsOf(then).length;
  const id = fake.sendCallbackQuery({
    chatId: CHAT,
    messageId: message.messageId!,
    data: key.callback_data,
    chatType: 'group',
  });
  const answer = (await fake.waitForCalls('answerCallbackQuery', answers + 1))[answers]!;
  expect(answer.fields.callback_query_id).toBe(id);
  const next = then === 'answerCallbackQuery' ? answer : (await fake.waitForCalls(then, followed + 1))[followed]!;
  return { answer, next };
}

describe('article buttons on Telegram', () => {
  it('puts an inline keyboard under /why: Full story, Refresh, then the coins', async () => {
    const reply = await why();
    expect(keysOf(reply).map((k) => k.text)).toEqual(['Full story', 'Refresh', 'BTC', 'ETH', 'SOL']);
    expect(keysOf(reply).every((k) => Buffer.byteLength(k.callback_data) <= 64)).toBe(true);
  });

  it('answers the callback query before writing the article, then replies with the full story', async () => {
    const reply = await why();
    const release = services.hold();
    const answers = fake.callsOf('answerCallbackQuery').length;
    const sends = fake.callsOf('sendMessage').length;
    fake.sendCallbackQuery({
      chatId: CHAT,
      messageId: reply.messageId!,
      data: keysOf(reply)[0]!.callback_data,
      chatType: 'group',
    });
    await fake.waitForCalls('answerCallbackQuery', answers + 1);
    expect(fake.callsOf('sendMessage').length).toBe(sends);
    release();
    const full = (await fake.waitForCalls('sendMessage', sends + 1))[sends]!;
    expect(full.fields.text).toContain('What to watch');
    expect(full.fields.reply_parameters).toMatchObject({ message_id: reply.messageId });
  });

  it('opens another coin as a reply', async () => {
    const reply = await why();
    const { next } = await press(reply, keysOf(reply).find((k) => k.text === 'ETH')!, 'sendMessage');
    expect(next.fields.text).toContain('<b>ETH falls sharply</b>');
    expect(keysOf(next).map((k) => k.text)).toEqual(['Full story', 'Refresh', 'Market', 'BTC', 'SOL']);
  });

  it('Refresh pops up the age of the data while cached, and edits the message in place once expired', async () => {
    const reply = await why();
    const refresh = keysOf(reply).find((k) => k.text === 'Refresh')!;
    const early = await press(reply, refresh, 'answerCallbackQuery');
    expect(early.answer.fields).toMatchObject({ show_alert: true });
    expect(early.answer.fields.text).toMatch(
      /^This is already the newest data: as of 5 August 2024, 07:00 UTC \(.+ ago\)\. New data can be fetched .+\.$/,
    );
    services.advance(120_000);
    const later = await press(reply, refresh, 'editMessageText');
    expect(later.answer.fields.text).toBeUndefined();
    expect(later.next.fields).toMatchObject({ message_id: reply.messageId, parse_mode: 'HTML' });
    expect(keysOf(later.next).find((k) => k.text === 'Refresh')?.callback_data).not.toBe(refresh.callback_data);
  });

  it('sends a new message when the one to refresh was deleted', async () => {
    const reply = await why();
    const refresh = keysOf(reply).find((k) => k.text === 'Refresh')!;
    fake.deleteMessage(CHAT, reply.messageId!);
    services.advance(120_000);
    const { next } = await press(reply, refresh, 'sendMessage');
    expect(next.fields.text).toContain('<b>Crypto falls sharply</b>');
  });

  it('answers a press after a restart from the callback_data alone, saying when the button is days old', async () => {
    const reply = await why();
    const sol = keysOf(reply).find((k) => k.text === 'SOL')!; // data of 07:04 (two refreshes above)
    await bot.stop();
    services = movingServices();
    services.advance(2 * 86_400_000);
    bot = await runBot(config(), services, { logger: memoryLogger().logger });
    const { next } = await press(reply, sol, 'sendMessage');
    expect(next.fields.text).toMatch(
      /^<i>That button is from 5 August 2024, 07:04 UTC; here is the article from today's data\.<\/i>/,
    );
    expect(next.fields.text).toContain('<b>SOL falls sharply</b>');
    expect(services.requests).toEqual([{ coin: 'SOL', form: 'short', language: 'en' }]);
  });
});
