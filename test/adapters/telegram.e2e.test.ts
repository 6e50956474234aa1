// End to end: the real telegraf against the fake Bot API. A user's command goes in; the test reads what the bot
// sent. The bot serves stub commands (test/adapters/stub-commands.ts), so these tests check what the adapter does
// (parsing, addressing, escaping, splitting, photos, retries, failures) and never the production commands' wording.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderTelegramReply } from '../../src/adapters/telegram/render-telegram.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';
import { longArticle, PNG, stubArticle, stubCommands } from './stub-commands.ts';

const plainText = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

let fake: FakeTelegram;
let bot: RunningBot;
let log: ReturnType<typeof memoryLogger>;
const stubs = stubCommands();

beforeAll(async () => {
  fake = await startFakeTelegram();
  log = memoryLogger();
  const config = loadConfig(
    {
      TELEGRAM_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_PER_CHAT_INTERVAL_MS: '300',
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  bot = await runBot(config, fixedServices(), { logger: log.logger, commands: stubs.list });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

afterEach(() => stubs.reset());

/** Send a user message and wait until `replies` more calls of `method` arrived; return them. */
async function ask(message: Parameters<FakeTelegram['sendUserMessage']>[0], replies = 1, method = 'sendMessage') {
  const before = fake.callsOf(method).length;
  const id = fake.sendUserMessage(message);
  const calls = await fake.waitForCalls(method, before + replies);
  return { id, calls: calls.slice(before) };
}

describe('telegram adapter (real telegraf, fake Bot API)', () => {
  it('registers the command menu from the command list: everyone by default, moderator commands for admins and private chats', () => {
    const menus = fake
      .callsOf('setMyCommands')
      .filter((c) => c.fields.language_code === undefined)
      .map((c) => ({
        scope: (c.fields.scope as { type: string }).type,
        names: (c.fields.commands as Array<{ command: string; description: string }>).map((x) => x.command),
      }));
    expect(menus).toEqual([
      { scope: 'default', names: stubs.list.filter((c) => c.access === 'everyone').map((c) => c.name) },
      { scope: 'all_chat_administrators', names: stubs.list.map((c) => c.name) },
      { scope: 'all_private_chats', names: stubs.list.map((c) => c.name) },
    ]);
    const descriptions =
      (fake.callsOf('setMyCommands')[1]?.fields.commands as Array<{ command: string; description: string }>) ?? [];
    expect(descriptions.find((d) => d.command === 'article')?.description).toBe(
      stubs.list.find((c) => c.name === 'article')?.description,
    );
  });

  it('sends an article as the HTML its renderer makes, in the chat, as a reply to the message', async () => {
    const { id, calls } = await ask({ chatId: 501, text: '/article' });
    const sent = calls[0]!;
    expect(sent.fields.parse_mode).toBe('HTML');
    expect(sent.fields.chat_id).toBe(501);
    expect((sent.fields.reply_parameters as { message_id: number }).message_id).toBe(id);
    expect(sent.fields.text).toBe(renderTelegramReply(stubArticle()).html[0]);
  });

  it('parses /cmd@botname with options in a group, and ignores commands addressed to another bot', async () => {
    fake.sendUserMessage({ chatId: -1001, chatType: 'supergroup', text: '/echo@some_other_bot hello' });
    const { calls } = await ask({ chatId: -1001, chatType: 'supergroup', text: '/echo@whybot_test_bot eth loud' });
    expect(stubs.invocations.map((i) => i.options)).toEqual([{ coin: 'eth', loud: true }]);
    expect(stubs.invocations[0]).toMatchObject({ platform: 'telegram', chat: { id: '-1001', kind: 'group' } });
    expect(plainText(String(calls[0]!.fields.text))).toBe('echo: coin=eth loud=true');
  });

  it('keeps serving other chats while one answer is slow', async () => {
    const held = stubs.hold();
    const before = fake.callsOf('sendMessage').length;
    fake.sendUserMessage({ chatId: 510, text: '/slow' });
    const { calls } = await ask({ chatId: 511, text: '/echo' });
    expect(calls[0]!.fields.chat_id).toBe(511);
    expect(
      fake
        .callsOf('sendMessage')
        .slice(before)
        .some((c) => c.fields.chat_id === 510),
    ).toBe(false);
    held.release();
    const answered = await fake.waitForCalls('sendMessage', before + 2);
    expect(answered.at(-1)!.fields.chat_id).toBe(510);
  });

  it('bounds the replies in progress per chat: past three, a command is dropped unanswered and logged', async () => {
    const held = stubs.hold();
    const before = fake.callsOf('sendMessage').length;
    for (let i = 0; i < 5; i++) fake.sendUserMessage({ chatId: 520, text: '/slow' });
    await waitUntil(
      () => log.lines.filter((l) => l.msg === 'too many replies in progress: command dropped').length === 2,
      'two dropped commands',
    );
    held.release();
    // The three taken are answered; the two dropped never started (the log lines came before any answer).
    const calls = await fake.waitForCalls('sendMessage', before + 3);
    expect(calls.slice(before).filter((c) => c.fields.chat_id === 520)).toHaveLength(3);
    expect(stubs.invocations.filter((i) => i.command === 'slow')).toHaveLength(3);
  });

  it('accepts commands in any case, addressed to the bot in any case', async () => {
    const { calls } = await ask({ chatId: -1003, chatType: 'group', text: '/Echo@WhyBot_Test_Bot SOL' });
    expect(plainText(String(calls[0]!.fields.text))).toBe('echo: coin=SOL');
  });

  it('escapes hostile text in the HTML it sends', async () => {
    const { calls } = await ask({ chatId: 502, text: '/say <b>x</b>&' });
    const html = String(calls[0]!.fields.text);
    expect(calls[0]!.fields.parse_mode).toBe('HTML');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;&amp;');
    expect(html).not.toContain('<b>x</b>');
  });

  it('runs a moderator command only for chat administrators, asking Telegram who they are', async () => {
    fake.setMember(-1002, 8, 'administrator');
    const refused = await ask({ chatId: -1002, chatType: 'group', fromId: 7, text: '/mod' });
    expect(stubs.invocations).toHaveLength(0);
    expect(plainText(String(refused.calls[0]!.fields.text))).toContain('/mod');
    const allowed = await ask({ chatId: -1002, chatType: 'group', fromId: 8, text: '/mod' });
    expect(stubs.invocations).toHaveLength(1);
    expect(plainText(String(allowed.calls[0]!.fields.text))).toBe('moderated');
    const checks = fake.callsOf('getChatMember').map((c) => [c.fields.chat_id, c.fields.user_id]);
    expect(checks).toEqual([
      [-1002, 7],
      [-1002, 8],
    ]);
  });

  it('sends the message again after a 429, and logs the retry_after it was asked to wait', async () => {
    // How long the outbox waits is asserted on fake timers in telegram-outbox.test.ts.
    fake.fail('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const { calls } = await ask({ chatId: 503, text: '/echo' }, 2);
    const [limited, retried] = calls;
    expect(limited!.fields.text).toBe(retried!.fields.text);
    expect(log.lines.some((l) => l.msg === 'telegram 429: retrying after retry_after' && l.retryAfter === 1)).toBe(
      true,
    );
  });

  it('survives a 500 from the Bot API: logs it with context and keeps serving', async () => {
    fake.fail('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    await ask({ chatId: 504, text: '/echo' });
    const { calls } = await ask({ chatId: 504, text: '/echo' });
    expect(plainText(String(calls[0]!.fields.text))).toBe('echo:');
    const logged = log.lines.find((l) => l.msg === 'could not answer a command' && l.chat === 504);
    expect(logged).toMatchObject({ command: 'echo', level: 50 });
    expect(JSON.stringify(log.lines)).not.toContain('123:abc');
  });

  it('answers an unexpected failure with a short apology naming the command, never the error', async () => {
    const { calls } = await ask({ chatId: 505, text: '/boom' });
    const text = plainText(String(calls[0]!.fields.text));
    expect(text).toContain('/boom');
    expect(text).not.toMatch(/TypeError|reading 'price'|at .*\.ts/);
    expect(log.lines.find((l) => l.msg === 'command failed' && l.command === 'boom')).toBeDefined();
  });

  it('splits a long article into messages of at most 4096 characters, in order, all of it', async () => {
    // The spacing between them (the per-chat interval) is asserted on fake timers in telegram-outbox.test.ts.
    const expected = renderTelegramReply({ kind: 'article', document: longArticle() }).html;
    expect(expected.length).toBeGreaterThanOrEqual(4);
    const { calls } = await ask({ chatId: 506, text: '/long' }, expected.length);
    expect(calls.map((p) => p.fields.text)).toEqual(expected);
    for (const p of calls) {
      expect(p.fields.chat_id).toBe(506);
      expect(String(p.fields.text).length).toBeLessThanOrEqual(4096);
      expect(p.fields.parse_mode).toBe('HTML');
    }
    expect(calls.slice(1).every((p) => p.fields.reply_parameters === undefined)).toBe(true);
    const text = calls.map((p) => plainText(String(p.fields.text))).join(' ');
    expect(text.match(/Sentence \d+ <with> & markup\./g)).toHaveLength(800);
  });

  it('sends attached images with sendPhoto (multipart), a short text as the caption', async () => {
    const messages = fake.callsOf('sendMessage').length;
    const { calls } = await ask({ chatId: 507, text: '/chart' }, 1, 'sendPhoto');
    expect(calls[0]!.files).toMatchObject([{ field: 'photo', name: 'chart.png', size: PNG.length }]);
    expect(Array.from(calls[0]!.files[0]!.bytes)).toEqual(Array.from(PNG));
    expect(calls[0]!.fields.parse_mode).toBe('HTML');
    expect(calls[0]!.fields.caption).toBe(renderTelegramReply(stubArticle()).html[0]);
    expect(fake.callsOf('sendMessage')).toHaveLength(messages); // the text went as the caption only
  });
});
