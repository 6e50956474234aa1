// Languages on Telegram with the real telegraf against the fake Bot API and real articles from a replay: a
// private chat follows the user's app language, a group follows WHYBOT_LANGUAGE until /language sets its own (then
// its digests follow it), an unsupported language falls back to English and says so once, and a command menu is
// set for each language's codes with its own descriptions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatLanguage } from '../../src/deliver/chat-language.ts';
import { startFakeTelegram, type FakeTelegram, type TelegramCall } from '../fakes/telegram-server.ts';
import { startLanguageBot, type LanguageBot } from './language-bot.ts';

let fake: FakeTelegram;
let run: LanguageBot | undefined;

beforeAll(async () => {
  fake = await startFakeTelegram();
  run = await startLanguageBot({
    TELEGRAM_TOKEN: '123:abc',
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_PER_CHAT_INTERVAL_MS: '20',
  });
}, 60_000);

afterAll(async () => {
  await run?.close();
  await fake?.close();
});

/** Send a message and return the text of the bot's answer (a photo's caption or a message's text). */
async function ask(message: Parameters<FakeTelegram['sendUserMessage']>[0]): Promise<string> {
  const id = fake.sendUserMessage(message);
  const deadline = Date.now() + 30_000;
  for (;;) {
    // the answer is sent as a reply to the user's message
    const reply = fake.calls.find(
      (c: TelegramCall) =>
        (c.method === 'sendMessage' || c.method === 'sendPhoto') &&
        (c.fields.reply_parameters as { message_id?: number } | undefined)?.message_id === id,
    );
    if (reply) return String(reply.fields.text ?? reply.fields.caption ?? '');
    if (Date.now() > deadline) throw new Error('no answer');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const titleIn = (language: string) => run!.titleIn(language);
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('whybot in the reader’s language on Telegram', () => {
  it('sets a command menu for each language code, with that language’s descriptions', () => {
    const ru = fake.callsOf('setMyCommands').filter((c) => c.fields.language_code === 'ru');
    expect(ru.map((c) => (c.fields.scope as { type: string }).type)).toEqual([
      'default',
      'all_chat_administrators',
      'all_private_chats',
    ]);
    const why = (ru[0]!.fields.commands as Array<{ command: string; description: string }>).find(
      (c) => c.command === 'why',
    );
    expect(why?.description).toMatch(/[а-яё]{4}/);
    for (const code of ['es', 'tr', 'vi', 'zh'])
      expect(fake.callsOf('setMyCommands').some((c) => c.fields.language_code === code)).toBe(true);
  });

  it('GIVEN a private chat whose user’s app is in Russian THEN /why answers in Russian', async () => {
    const text = await ask({ chatId: 701, fromId: 701, text: '/why', languageCode: 'ru' });
    expect(text).toContain(escaped(await titleIn('ru')));
  });

  it('GIVEN a language whybot does not speak THEN English, and it says so once', async () => {
    const first = await ask({ chatId: 702, fromId: 702, text: '/help', languageCode: 'ja' });
    expect(first).toMatch(/whybot commands/);
    expect(first).toMatch(/answer in English/);
    const again = await ask({ chatId: 702, fromId: 702, text: '/help', languageCode: 'ja' });
    expect(again).not.toMatch(/answer in English/);
  });

  it('GIVEN a group THEN English until /language es, then Spanish, and its digests follow', async () => {
    const group = { chatId: -9001, chatType: 'group' as const, fromId: 703, languageCode: 'ru' };
    expect(await ask({ ...group, text: '/why' })).toContain(escaped(await titleIn('en')));
    // only a chat administrator may set it
    expect(await ask({ ...group, text: '/language es' })).toMatch(/administrators/);
    fake.setMember(-9001, 703, 'administrator');
    const set = await ask({ ...group, text: '/language es' });
    expect(set).toMatch(/Español/);
    expect(await ask({ ...group, text: '/why' })).toContain(escaped(await titleIn('es')));
    expect(
      await chatLanguage(
        { ...run!.replay.services, chatSettings: run!.chatSettings },
        { platform: 'telegram', channel: '-9001' },
      ),
    ).toBe('es');
  });
});
