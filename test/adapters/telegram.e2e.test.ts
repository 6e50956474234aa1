// End to end: the real telegraf against the fake Bot API. A user's command goes in; the test reads what the bot sent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandDefinition } from '../../commands/types.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { memoryLogger } from '../fakes/memory-logger.ts';
import { waitUntil } from '../liquidations/helpers.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
/** A test-only command that replies with a fixed attachment, to exercise sendPhoto without drawing a chart. */
const chartCommand: CommandDefinition = {
  name: 'chart',
  description: 'test chart',
  access: 'everyone',
  options: [],
  run: async (_inv, services) => ({
    kind: 'article',
    document: (await services.explain({ form: 'short' })).document,
    files: [{ name: 'chart.png', contentType: 'image/png', data: PNG, description: 'BTC 24h' }],
  }),
};

const unescape = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

let fake: FakeTelegram;
let bot: RunningBot;
let services: ReturnType<typeof fixedServices>;
let log: ReturnType<typeof memoryLogger>;
let explainOverride: ((...a: never[]) => never) | undefined;

beforeAll(async () => {
  fake = await startFakeTelegram();
  services = fixedServices({
    explain: async (request) => {
      if (explainOverride !== undefined) return explainOverride();
      const plain = fixedServices();
      return plain.explain(request);
    },
  });
  log = memoryLogger();
  const config = loadConfig({ TELEGRAM_TOKEN: '123:abc', TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_PER_CHAT_INTERVAL_MS: '300', LOG_LEVEL: 'silent' });
  bot = await runBot(config, services, { logger: log.logger, commands: [...commands, chartCommand] });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

afterEach(() => {
  explainOverride = undefined;
});

/** Send a user message and wait until `replies` more sendMessage calls arrived; return them. */
async function ask(message: Parameters<FakeTelegram['sendUserMessage']>[0], replies = 1, method = 'sendMessage') {
  const before = fake.callsOf(method).length;
  const id = fake.sendUserMessage(message);
  const calls = await fake.waitForCalls(method, before + replies);
  return { id, calls: calls.slice(before) };
}

describe('telegram adapter (real telegraf, fake Bot API)', () => {
  it('registers the command menu from commands/: everyone by default, moderator commands for admins and private chats', () => {
    const menus = fake.callsOf('setMyCommands').map((c) => ({
      scope: (c.fields.scope as { type: string }).type,
      names: (c.fields.commands as Array<{ command: string; description: string }>).map((x) => x.command),
    }));
    const all = [...commands, chartCommand];
    expect(menus).toEqual([
      { scope: 'default', names: all.filter((c) => c.access === 'everyone').map((c) => c.name) },
      { scope: 'all_chat_administrators', names: all.map((c) => c.name) },
      { scope: 'all_private_chats', names: all.map((c) => c.name) },
    ]);
    const descriptions = (fake.callsOf('setMyCommands')[1]?.fields.commands as Array<{ command: string; description: string }>) ?? [];
    expect(descriptions.find((d) => d.command === 'why')?.description).toBe(commands[0]?.description);
  });

  it('answers /why in a private chat with HTML stating the snapshot prices, as a reply to the message', async () => {
    const { id, calls } = await ask({ chatId: 501, text: '/why' });
    const sent = calls[0]!;
    expect(sent.fields.parse_mode).toBe('HTML');
    expect(sent.fields.chat_id).toBe(501);
    expect((sent.fields.reply_parameters as { message_id: number }).message_id).toBe(id);
    const html = String(sent.fields.text);
    expect(html).toContain('<b>Crypto falls sharply</b>');
    const snapshot = await services.snapshot();
    if (!snapshot.tickers.ok) throw new Error('fixture');
    expect(unescape(html)).toContain('$51,588');
    expect(snapshot.tickers.value.BTC?.price).toBe(51588);
    const { document } = await fixedServices().explain({ form: 'short' });
    for (const figure of document.figures) expect(unescape(html)).toContain(figure.text);
    expect(html).toContain('Replay of 5 August 2024');
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('answers /why@botname with options in a group, and ignores commands addressed to another bot', async () => {
    const asked = services.requests.length;
    fake.sendUserMessage({ chatId: -1001, chatType: 'supergroup', text: '/why@some_other_bot' });
    const { calls } = await ask({ chatId: -1001, chatType: 'supergroup', text: '/why@whybot_test_bot eth full' });
    expect(services.requests.slice(asked)).toEqual([{ coin: 'ETH', form: 'full' }]);
    const html = String(calls[0]!.fields.text);
    expect(html).toContain('<b>ETH falls sharply</b>');
    expect(html).toContain('<b>What to watch</b>');
    expect(unescape(html)).toContain('$2,233.5');
  });

  it('keeps serving other chats while one answer is slow', async () => {
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    explainOverride = (async () => {
      await held;
      return fixedServices().explain({ form: 'short' });
    }) as never;
    const before = fake.callsOf('sendMessage').length;
    fake.sendUserMessage({ chatId: 510, text: '/why' });
    const { calls } = await ask({ chatId: 511, text: '/start' });
    expect(calls[0]!.fields.chat_id).toBe(511);
    expect(unescape(String(calls[0]!.fields.text))).toContain('whybot commands');
    expect(fake.callsOf('sendMessage').slice(before).some((c) => c.fields.chat_id === 510)).toBe(false);
    open();
    const answered = await fake.waitForCalls('sendMessage', before + 2);
    expect(answered.at(-1)!.fields.chat_id).toBe(510);
  });

  it('bounds the replies in progress per chat: past three, a command is dropped unanswered and logged', async () => {
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    explainOverride = (async () => {
      await held;
      return fixedServices().explain({ form: 'short' });
    }) as never;
    const before = fake.callsOf('sendMessage').length;
    for (let i = 0; i < 5; i++) fake.sendUserMessage({ chatId: 520, text: '/why' });
    await waitUntil(() => log.lines.filter((l) => l.msg === 'too many replies in progress: command dropped').length === 2, 'two dropped commands');
    open();
    // The three taken are answered; the two dropped never started (the log lines came before any answer).
    const calls = await fake.waitForCalls('sendMessage', before + 3);
    expect(calls.slice(before).filter((c) => c.fields.chat_id === 520)).toHaveLength(3);
  });

  it('accepts commands in any case, addressed to the bot in any case', async () => {
    const { calls } = await ask({ chatId: -1003, chatType: 'group', text: '/Levels@WhyBot_Test_Bot SOL' });
    expect(unescape(String(calls[0]!.fields.text))).toContain('SOL: levels to watch');
  });

  it('escapes a hostile coin name in the HTML error', async () => {
    const { calls } = await ask({ chatId: 502, text: '/why <b>x</b>&' });
    const html = String(calls[0]!.fields.text);
    expect(calls[0]!.fields.parse_mode).toBe('HTML');
    expect(html).toContain("I don't track &lt;b&gt;x&lt;/b&gt;&amp;; try one of BTC, ETH, SOL.");
    expect(html).not.toContain('<b>x</b>');
  });

  it('refuses /digest to a group member who is not an administrator, and lets an administrator run it', async () => {
    fake.setMember(-1002, 8, 'administrator');
    const refused = await ask({ chatId: -1002, chatType: 'group', fromId: 7, text: '/digest' });
    expect(unescape(String(refused.calls[0]!.fields.text))).toBe('Only chat administrators can use /digest.');
    const allowed = await ask({ chatId: -1002, chatType: 'group', fromId: 8, text: '/digest' });
    expect(unescape(String(allowed.calls[0]!.fields.text))).toContain('not running on this bot');
    const checks = fake.callsOf('getChatMember').map((c) => [c.fields.chat_id, c.fields.user_id]);
    expect(checks).toEqual([[-1002, 7], [-1002, 8]]);
  });

  it('waits retry_after seconds after a 429 and then delivers the message', async () => {
    fake.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const { calls } = await ask({ chatId: 503, text: '/help' }, 2);
    const [limited, retried] = calls;
    expect(limited!.fields.text).toBe(retried!.fields.text);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(900); // a lower bound: slowness cannot fail it
    expect(log.lines.some((l) => l.msg === 'telegram 429: retrying after retry_after' && l.retryAfter === 1)).toBe(true);
  });

  it('survives a 500 from the Bot API: logs it with context and keeps serving', async () => {
    fake.fail('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    await ask({ chatId: 504, text: '/status' });
    const { calls } = await ask({ chatId: 504, text: '/status' });
    expect(unescape(String(calls[0]!.fields.text))).toContain('Exchange: Binance USD-M');
    const logged = log.lines.find((l) => l.msg === 'could not answer a command' && l.chat === 504);
    expect(logged).toMatchObject({ command: 'status', level: 50 });
    expect(JSON.stringify(log.lines)).not.toContain('123:abc');
  });

  it('answers an unexpected failure with a short apology, never a stack trace', async () => {
    explainOverride = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'price')");
    };
    const { calls } = await ask({ chatId: 505, text: '/why' });
    expect(unescape(String(calls[0]!.fields.text))).toBe('Sorry, something went wrong while answering /why. Please try again in a minute.');
    expect(log.lines.find((l) => l.msg === 'command failed' && l.command === 'why')).toBeDefined();
  });

  it('splits a long article into messages of at most 4096 characters, in order, spaced by the per-chat interval', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Sentence ${i.toString()} <with> & markup.`).join(' ');
    explainOverride = (() => {
      const base = fixedServices();
      return base.explain({ form: 'short' }).then((e) => ({ ...e, document: { ...e.document, sections: [{ id: 'lede', paragraphs: [long, long] }] } }));
    }) as never;
    const before = fake.callsOf('sendMessage').length;
    fake.sendUserMessage({ chatId: 506, text: '/why' });
    // The footer closes the article: wait for the message that carries it.
    for (let n = before + 1; !String(fake.callsOf('sendMessage').at(-1)?.fields.text).includes('Not financial advice.'); n++) {
      await fake.waitForCalls('sendMessage', n);
    }
    const parts = fake.callsOf('sendMessage').slice(before);
    expect(parts.every((p) => p.fields.chat_id === 506)).toBe(true);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const p of parts) {
      expect(String(p.fields.text).length).toBeLessThanOrEqual(4096);
      expect(p.fields.parse_mode).toBe('HTML');
    }
    expect(parts.slice(1).every((p) => p.fields.reply_parameters === undefined)).toBe(true);
    const text = parts.map((p) => unescape(String(p.fields.text))).join(' ');
    expect(text.match(/Sentence \d+ <with> & markup\./g)).toHaveLength(800);
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.at - parts[i - 1]!.at).toBeGreaterThanOrEqual(250); // per-chat interval 300 ms
  });

  it('sends attached images with sendPhoto (multipart), a short text as the caption', async () => {
    const messages = fake.callsOf('sendMessage').length;
    const { calls } = await ask({ chatId: 507, text: '/chart' }, 1, 'sendPhoto');
    expect(calls[0]!.files).toMatchObject([{ field: 'photo', name: 'chart.png', size: PNG.length }]);
    expect(Array.from(calls[0]!.files[0]!.bytes)).toEqual(Array.from(PNG));
    expect(calls[0]!.fields.parse_mode).toBe('HTML');
    expect(String(calls[0]!.fields.caption)).toMatch(/^<b>Crypto falls sharply<\/b>\n/);
    expect(unescape(String(calls[0]!.fields.caption))).toContain('BTC trades at $51,588 (-15.2% in 24h).');
    expect(fake.callsOf('sendMessage')).toHaveLength(messages); // the text went as the caption only
  });
});
