// End to end: Telegram inline mode on the real telegraf against the fake Bot API, over the real services replaying
// Binance's August 2024 klines. `@bot` and `@bot btc` are answered with the short article (text until the bot has
// sent that chart, then the chart as a cached photo with the article as caption), cached for the snapshot TTL.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { startFakeTelegram, type FakeTelegram, type TelegramCall } from '../fakes/telegram-server.ts';

interface Result {
  type: string;
  id: string;
  title?: string;
  photo_file_id?: string;
  caption?: string;
  input_message_content?: { message_text: string; parse_mode?: string };
}

let fake: FakeTelegram;
let bot: RunningBot;
let replay: Awaited<ReturnType<typeof replayServices>>;

beforeAll(async () => {
  [fake, replay] = await Promise.all([
    startFakeTelegram(),
    replayServices('2024-08-05T07:00:00Z', { env: { WHYBOT_SNAPSHOT_TTL_SECONDS: '90' } }),
  ]);
  const config = loadConfig(
    {
      TELEGRAM_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: fake.apiRoot,
      WHYBOT_SNAPSHOT_TTL_SECONDS: '90',
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  bot = await runBot(config, replay.services, { logger: memoryLogger().logger });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await replay?.close();
});

/** Type `@bot <query>`; resolve with the answerInlineQuery call. */
async function inline(query: string): Promise<{ call: TelegramCall; results: Result[] }> {
  const before = fake.callsOf('answerInlineQuery').length;
  const id = fake.sendInlineQuery({ query });
  const call = (await fake.waitForCalls('answerInlineQuery', before + 1, 30_000))[before]!;
  expect(call.fields.inline_query_id).toBe(id);
  const raw = call.fields.results;
  return { call, results: (typeof raw === 'string' ? JSON.parse(raw) : raw) as Result[] };
}

describe('telegram inline mode', () => {
  it('offers the market article for an empty query, as text, cached for the snapshot TTL', async () => {
    const { call, results } = await inline('');
    expect(call.fields.cache_time).toBe(90);
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result?.type).toBe('article');
    expect(result?.input_message_content?.parse_mode).toBe('HTML');
    expect(result?.input_message_content?.message_text).toContain('Replay');
    expect(result?.input_message_content?.message_text).toMatch(/\$\d{2},\d{3}/);
    expect(result?.input_message_content?.message_text).not.toMatch(/NaN|undefined/);
  }, 30_000);

  it('offers the chart as a cached photo once the bot has sent it, with the article as its caption', async () => {
    const before = fake.callsOf('sendPhoto').length;
    fake.sendUserMessage({ chatId: 501, text: '/why btc' });
    const [photo] = (await fake.waitForCalls('sendPhoto', before + 1, 30_000)).slice(before);
    // The file id is noted when the bot reads sendPhoto's answer, just after the fake records the call.
    const chartOf = (results: Result[]) => results.find((r) => r.type === 'photo');
    let { results } = await inline('btc');
    for (let i = 0; i < 50 && chartOf(results) === undefined; i++) {
      await new Promise((r) => setTimeout(r, 20));
      ({ results } = await inline('btc'));
    }
    const result = chartOf(results);
    expect(result?.photo_file_id).toBe(`photo-${String(photo?.messageId)}`);
    // the chart's caption is what the bot gave the photo: the article when it fits, else the chart's description
    expect(result?.caption).toBe(photo?.fields.caption);
    const text = fake
      .callsOf('sendMessage')
      .filter((c) => String(c.fields.chat_id) === '501')
      .map((c) => String(c.fields.text));
    if (text.length > 0) expect(results[0]?.input_message_content?.message_text).toBe(text[0]);
  }, 30_000);

  it('says which coins it knows for a coin it does not track, cached only briefly', async () => {
    const { call, results } = await inline('doge');
    expect(call.fields.cache_time).toBe(5);
    expect(results[0]?.input_message_content?.message_text).toContain('BTC');
    expect(results[0]?.input_message_content?.message_text).toMatch(/DOGE|doge/);
  });
});
