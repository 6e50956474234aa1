// End to end on real data: ccxt against the simulator replaying Binance's August 2024 klines, the real analyse
// and narrate, and the real telegraf and discord.js against the fakes, all in one process via runBot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { formatPct, formatPrice } from '../../src/narrate/format.ts';
import { bothChatsConfig } from '../fakes/both-chats-config.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';

let discord: FakeDiscord;
let telegram: FakeTelegram;
let replay: Awaited<ReturnType<typeof replayServices>>;
let bot: RunningBot;

beforeAll(async () => {
  [discord, telegram, replay] = await Promise.all([
    startFakeDiscord(),
    startFakeTelegram(),
    replayServices('2024-08-05T07:00:00Z'),
  ]);
  const config = bothChatsConfig(discord, telegram);
  bot = await runBot(config, replay.services, { logger: memoryLogger().logger });
});

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

/**
 * Send a command and read the answer: its text messages, or for a reply with a chart (which ends with the
 * photo) the text messages and the photo's caption (a short text rides as the caption).
 */
async function telegramAsk(
  chatId: number,
  text: string,
  withChart = false,
): Promise<{ html: string; parseModes: unknown[]; photos: number }> {
  const method = withChart ? 'sendPhoto' : 'sendMessage';
  const before = {
    sendMessage: telegram.callsOf('sendMessage').length,
    sendPhoto: telegram.callsOf('sendPhoto').length,
  };
  telegram.sendUserMessage({ chatId, text });
  await telegram.waitForCalls(method, before[method] + 1);
  const mine = (['sendMessage', 'sendPhoto'] as const)
    .flatMap((m) => telegram.callsOf(m).slice(before[m]))
    .filter((c) => String(c.fields.chat_id) === String(chatId));
  return {
    html: mine.map((c) => String(c.method === 'sendPhoto' ? c.fields.caption : c.fields.text)).join('\n'),
    parseModes: mine.map((c) => c.fields.parse_mode),
    photos: mine.filter((c) => c.method === 'sendPhoto').length,
  };
}

async function btcTicker() {
  const snapshot = await replay.services.snapshot();
  if (!snapshot.tickers.ok) throw new Error(`no tickers: ${snapshot.tickers.reason}`);
  const btc = snapshot.tickers.value.BTC;
  if (btc?.changePct === undefined) throw new Error('no BTC ticker');
  return btc;
}

describe('whybot on the 5 August 2024 crash, through Telegram and Discord', () => {
  it('answers /why on Telegram with the price and 24h change the snapshot holds', async () => {
    const { html, parseModes, photos } = await telegramAsk(801, '/why', true);
    expect(photos).toBe(1);
    const btc = await btcTicker();
    expect(btc.price).toBe(51588); // the last closed hourly candle
    expect(parseModes).toEqual(parseModes.map(() => 'HTML'));
    const text = plainText(html);
    expect(text).toContain(formatPrice(btc.price));
    expect(text).toContain(formatPct(btc.changePct!).replace('+', ''));
    expect(text).toContain('Replay of 5 August 2024');
    expect(text).toContain('Not financial advice.');
    const { document } = await replay.services.explain({ form: 'short' });
    for (const figure of document.figures) expect(figure.asOf).toBeGreaterThan(0);
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('answers /levels on Telegram with the support and resistance figures of the full article', async () => {
    const { html } = await telegramAsk(802, '/levels btc', true);
    const { document } = await replay.services.explain({ coin: 'BTC', form: 'full' });
    const levels = document.figures.filter((f) => /support|resistance/.test(f.id));
    expect(levels.length).toBeGreaterThan(0);
    const text = plainText(html);
    expect(text).toContain('BTC: levels to watch');
    for (const f of levels) expect(text).toContain(f.text);
  });

  it('tells a Telegram user which coins it tracks when asked about another', async () => {
    const { html } = await telegramAsk(803, '/why eth');
    expect(plainText(html)).toBe("I don't track eth; try one of BTC.");
  });

  it('answers /why on Discord with an embed built from the same snapshot', async () => {
    const { token } = discord.sendSlashCommand({ name: 'why', guildId: '1500000000000000001' });
    const edit = await discord.waitForCall('PATCH', new RegExp(`${token}/messages/@original$`));
    expect(edit.files.map((f) => f.name)).toEqual(['btc-4d.png']); // the chart (the replay holds 4 days): multipart, payload in payload_json
    const payload = JSON.parse(String(edit.fields.payload_json)) as { embeds?: unknown[] };
    const embeds = (payload.embeds ?? []) as Array<{
      title?: string;
      description?: string;
      fields?: Array<{ name: string; value: string }>;
    }>;
    const { document } = await replay.services.explain({ form: 'short' });
    expect(embeds[0]?.title).toBe(document.title);
    const btc = await btcTicker();
    expect(JSON.stringify(embeds)).toContain(formatPrice(btc.price));
    expect(JSON.stringify(embeds)).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('reports the replay and its sources in /status, and says liquidations are not collected', async () => {
    const status = plainText((await telegramAsk(804, '/status')).html);
    expect(status).toContain('Replay of 2024-08-05 07:00 UTC');
    expect(status).toContain('Prices (tickers): Binance spot last prices');
    expect(status).toContain('Exchange: Binance spot (replay)');
    const liqs = plainText((await telegramAsk(804, '/liqs')).html);
    expect(liqs).toContain('This bot is not collecting liquidations');
    expect(liqs).not.toMatch(/\$0\b/);
  });
});
