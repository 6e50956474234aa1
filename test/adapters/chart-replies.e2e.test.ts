// End to end: /why, /levels and /liqs carry the price chart. The real services replay Binance's August 2024
// klines (ccxt against the simulator) with a real SQLite liquidation store; the real discord.js, telegraf and
// terminal adapters answer through the fakes. Set WHYBOT_SAVE_TEST_CHARTS=DIR to keep the PNGs Discord receives.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import { Dispatcher } from '../../src/adapters/dispatcher.ts';
import { createRegistry } from '../../src/adapters/registry.ts';
import { startTerminalAdapter } from '../../src/adapters/terminal/terminal-adapter.ts';
import { liquidationBarsFor } from '../../src/app/charts.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { chartInputFromSnapshot } from '../../src/chart/index.ts';
import { priceChartOption } from '../../src/chart/price-chart-option.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { liquidationSource } from '../../src/gather/liquidations/source.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import type { LiquidationEvent } from '../../src/store/liquidations/types.ts';
import { isRed, ihdrSize, pixels, PNG_SIGNATURE } from '../chart/png-helpers.ts';
import { startFakeDiscord, type DiscordCall, type FakeDiscord } from '../fakes/discord-server.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
const repoOf = (store: ConstructorParameters<typeof SqliteLiquidationRepo>[0]) => new SqliteLiquidationRepo(store);

const AT = '2024-08-05T07:00:00Z';
const H = 3_600_000;
const GUILD = '1500000000000000001';
const SAVE_DIR = process.env.WHYBOT_SAVE_TEST_CHARTS;

/**
 * A made-up liquidation stream for the test (the replay has none): one collector session on 3 August, a gap,
 * another from 4 August 06:00; hourly longs and shorts, with the longs swelling through the crash of the 5th.
 */
function fillStore(store: LiquidationStore): void {
  const at = Date.parse(AT);
  const first = store.sessions.open('binanceusdm', Date.UTC(2024, 7, 3));
  store.sessions.close(first, Date.UTC(2024, 7, 4), 'disconnected');
  const second = store.sessions.open('binanceusdm', Date.UTC(2024, 7, 4, 6));
  store.sessions.touch(second, at - 1000);
  const events: LiquidationEvent[] = [];
  const ev = (side: 'long' | 'short', usd: number, t: number): LiquidationEvent => ({
    exchange: 'binanceusdm',
    symbol: 'BTC/USDT:USDT',
    coin: 'BTC',
    side,
    amount: usd / 55_000,
    price: 55_000,
    usd,
    at: t,
  });
  for (let t = Date.UTC(2024, 7, 3); t < at; t += H) {
    const crash = t >= Date.UTC(2024, 7, 5) ? 12 : 1;
    events.push(
      ev('long', crash * (200_000 + ((t / H) % 7) * 60_000), t + 10 * 60_000),
      ev('short', 90_000, t + 40 * 60_000),
    );
  }
  store.write(events);
}

const embedsOf = (call: DiscordCall) => {
  const payload = JSON.parse(String(call.fields.payload_json)) as {
    embeds: Array<{ title?: string; image?: { url: string } }>;
    attachments?: Array<{ description?: string }>;
  };
  return payload;
};

function savePng(name: string, bytes: Uint8Array): void {
  if (!SAVE_DIR) return;
  mkdirSync(SAVE_DIR, { recursive: true });
  writeFileSync(join(SAVE_DIR, name), bytes);
}

describe('charts in replies, over the August 2024 replay', () => {
  let discord: FakeDiscord;
  let telegram: FakeTelegram;
  let replay: Awaited<ReturnType<typeof replayServices>>;
  let store: LiquidationStore;
  let bot: RunningBot;

  beforeAll(async () => {
    store = LiquidationStore.open(':memory:');
    fillStore(store);
    [discord, telegram, replay] = await Promise.all([
      startFakeDiscord(),
      startFakeTelegram(),
      replayServices(AT, { sources: [liquidationSource(repoOf(store))] }),
    ]);
    const config = loadConfig(
      {
        DISCORD_TOKEN: 'd',
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_GUILD_ID: GUILD,
        TELEGRAM_TOKEN: '1:t',
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_PER_CHAT_INTERVAL_MS: '50',
        WHYBOT_MAX_REPLIES_PER_CHAT: '10',
      },
      PLATFORMS,
    );
    bot = await runBot(config, replay.services, { logger: memoryLogger().logger });
  });

  afterAll(async () => {
    await bot?.stop();
    await Promise.all([discord?.close(), telegram?.close(), replay?.close()]);
    store?.close();
  });

  async function slash(
    name: string,
    options: Array<{ name: string; type: number; value: string | boolean }> = [],
  ): Promise<DiscordCall> {
    const { token } = discord.sendSlashCommand({ name, guildId: GUILD, options });
    return discord.waitForCall('PATCH', new RegExp(`^/webhooks/\\d+/${token}/messages/@original$`));
  }

  it('renders the chart once for many concurrent /why and attaches it to every Discord reply', async () => {
    const before = replay.services.charts.cache.renders;
    const tokens = Array.from({ length: 6 }, () => discord.sendSlashCommand({ name: 'why', guildId: GUILD }).token);
    const edits = await Promise.all(
      tokens.map((t) => discord.waitForCall('PATCH', new RegExp(`^/webhooks/\\d+/${t}/messages/@original$`))),
    );
    expect(replay.services.charts.cache.renders - before).toBe(1);
    const { document } = await replay.services.explain({ form: 'short' });
    for (const edit of edits) {
      expect(edit.files).toHaveLength(1);
      const [file] = edit.files;
      expect(file).toMatchObject({ field: 'files[0]', name: 'btc-4d.png' });
      expect(Array.from(file!.bytes.slice(0, 8))).toEqual(PNG_SIGNATURE);
      expect(ihdrSize(file!.bytes)).toMatchObject({ chunk: 'IHDR', width: 1200, height: 675 });
      expect(Array.from(file!.bytes)).toEqual(Array.from(edits[0]!.files[0]!.bytes));
      const payload = embedsOf(edit);
      expect(payload.embeds[0]?.title).toBe(document.title);
      expect(payload.embeds[0]?.image?.url).toBe('attachment://btc-4d.png');
      expect(payload.attachments?.[0]?.description).toMatch(
        /^Replay: BTC price chart, last \d+ days with the support and resistance levels named in the text; data to 5 Aug 2024 07:00 UTC\.$/,
      );
    }
    savePng('why-7d.png', edits[0]!.files[0]!.bytes);
  });

  it('draws the liquidation bars the store holds under the price (/liqs on Discord)', async () => {
    const edit = await slash('liqs');
    const payload = embedsOf(edit);
    expect(payload.embeds[0]?.title).toBe('Liquidations, last 24h');
    expect(payload.embeds[0]?.image?.url).toBe('attachment://btc-4d.png');
    const png = edit.files[0]!.bytes;
    savePng('liqs-7d.png', png);
    // Where the panel is, for this snapshot and these bars: red long bars must be drawn inside it.
    const snapshot = await replay.services.snapshot();
    const bars = liquidationBarsFor(snapshot, 'BTC', 7);
    expect(bars?.length).toBeGreaterThan(0);
    expect(bars?.some((b) => b.t >= Date.UTC(2024, 7, 4) && b.t < Date.UTC(2024, 7, 4, 6))).toBe(false); // not collected: no bar
    const input = chartInputFromSnapshot(snapshot, 'BTC', {
      days: 7,
      liquidationBars: bars!,
      width: 1200,
      height: 675,
    })!;
    const { geometry } = priceChartOption(input);
    const panel = geometry.liquidations!;
    const img = pixels(png);
    let red = 0;
    for (let y = Math.ceil(panel.top); y < panel.bottom; y++)
      for (let x = Math.ceil(geometry.plotLeft); x < geometry.plotRight; x++) if (isRed(img.at(x, y))) red++;
    expect(red).toBeGreaterThan(50);
  });

  it('draws exactly the levels /levels names, on a 7-day chart', async () => {
    const edit = await slash('levels');
    const payload = embedsOf(edit);
    expect(payload.embeds[0]?.title).toBe('BTC: levels to watch');
    expect(payload.embeds[0]?.image?.url).toBe('attachment://btc-4d.png');
    savePng('levels-7d.png', edit.files[0]!.bytes);
  });

  it('attaches the 30-day chart to /why full', async () => {
    const edit = await slash('why', [{ name: 'full', type: 5, value: true }]);
    expect(edit.files[0]?.name).toBe('btc-4d.png');
    expect(embedsOf(edit).embeds[0]?.image?.url).toBe('attachment://btc-4d.png');
    savePng('why-30d.png', edit.files[0]!.bytes);
  });

  it('sends /liqs on Telegram as one photo with the text as its HTML caption', async () => {
    const before = telegram.callsOf('sendPhoto').length;
    const sentBefore = telegram.callsOf('sendMessage').length;
    telegram.sendUserMessage({ chatId: 901, text: '/liqs' });
    const [photo] = (await telegram.waitForCalls('sendPhoto', before + 1)).slice(before);
    expect(photo!.fields.chat_id).toBe('901');
    expect(photo!.fields.parse_mode).toBe('HTML');
    expect(String(photo!.fields.caption)).toMatch(
      /^<b>Liquidations, last 24h<\/b>\nAt least \$[\d.]+[KMB]? liquidated on Binance USD-M/,
    );
    expect(photo!.files).toMatchObject([{ field: 'photo', name: 'btc-4d.png' }]);
    expect(Array.from(photo!.files[0]!.bytes.slice(0, 8))).toEqual(PNG_SIGNATURE);
    expect(telegram.callsOf('sendMessage')).toHaveLength(sentBefore); // nothing else was sent
  });

  it('sends /why on Telegram as the article, then the chart with its description as caption', async () => {
    const before = telegram.callsOf('sendPhoto').length;
    telegram.sendUserMessage({ chatId: 902, text: '/why' });
    const [photo] = (await telegram.waitForCalls('sendPhoto', before + 1)).slice(before);
    expect(photo!.fields.chat_id).toBe('902');
    const text = telegram.callsOf('sendMessage').filter((c) => c.fields.chat_id === 902); // JSON body: a number
    expect(text.length).toBeGreaterThan(0); // the article is longer than a caption: it went first
    expect(text.every((m) => m.fields.parse_mode === 'HTML')).toBe(true);
    expect(photo!.fields.parse_mode).toBe('HTML');
    expect(String(photo!.fields.caption)).toMatch(/^Replay: BTC price chart/);
    expect(photo!.files[0]?.name).toBe('btc-4d.png');
  });

  it('saves the chart where the terminal operator can open it, and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whybot-term-'));
    try {
      const input = new PassThrough();
      const output = new PassThrough();
      let written = '';
      output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
      const dispatcher = new Dispatcher(createRegistry(commands), replay.services, memoryLogger().logger);
      const terminal = startTerminalAdapter({
        dispatcher,
        logger: memoryLogger().logger,
        input,
        output,
        interactive: false,
        fileDir: dir,
      });
      input.end('/why\n');
      await terminal.finished;
      const saved = /\[chart image saved to (\S+\.png): Replay: BTC price chart[^\]]*\]/.exec(written);
      expect(saved?.[1]).toBe(join(dir, '1-btc-4d.png'));
      expect(Array.from(readFileSync(saved![1]!).subarray(0, 8))).toEqual(PNG_SIGNATURE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the terminal chart folder', () => {
  let replay: Awaited<ReturnType<typeof replayServices>>;
  beforeAll(async () => {
    replay = await replayServices(AT);
  });
  afterAll(async () => {
    await replay?.close();
  });

  it('keeps the charts in a temp folder while the prompt runs and removes the folder when it closes', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const dispatcher = new Dispatcher(createRegistry(commands), replay.services, memoryLogger().logger);
    const terminal = startTerminalAdapter({
      dispatcher,
      logger: memoryLogger().logger,
      input,
      output,
      interactive: false,
    });
    input.write('/why\n');
    await vi.waitFor(() => expect(written).toContain('[chart image saved to '), { timeout: 30_000, interval: 50 });
    const path = /\[chart image saved to (\S+\.png):/.exec(written)![1]!;
    expect(basename(dirname(path))).toMatch(/^whybot-charts-/);
    expect(existsSync(path)).toBe(true);
    input.end();
    await terminal.finished;
    expect(existsSync(dirname(path))).toBe(false);
  });
});

describe('a chart that cannot be drawn', () => {
  let discord: FakeDiscord;
  let replay: Awaited<ReturnType<typeof replayServices>>;
  let bot: RunningBot;
  const log = memoryLogger();

  beforeAll(async () => {
    // 100 px is below the chart's 320 px (the settings refuse it too; it is forced in here): every render fails.
    [discord, replay] = await Promise.all([
      startFakeDiscord(),
      replayServices(AT, { force: { WHYBOT_CHART_WIDTH: 100 }, logger: log.logger }),
    ]);
    const config = loadConfig(
      { DISCORD_TOKEN: 'd', DISCORD_API_URL: discord.apiUrl, DISCORD_GUILD_ID: GUILD },
      PLATFORMS,
    );
    bot = await runBot(config, replay.services, { logger: log.logger });
  });

  afterAll(async () => {
    await bot?.stop();
    await Promise.all([discord?.close(), replay?.close()]);
  });

  it('still sends the text, without an image, and logs why', async () => {
    const { token } = discord.sendSlashCommand({ name: 'why', guildId: GUILD });
    const edit = await discord.waitForCall('PATCH', new RegExp(`^/webhooks/\\d+/${token}/messages/@original$`));
    expect(edit.files).toEqual([]);
    const embeds = (edit.fields.embeds ?? []) as Array<{ title?: string; image?: unknown }>;
    const { document } = await replay.services.explain({ form: 'short' });
    expect(embeds[0]?.title).toBe(document.title);
    expect(embeds[0]?.image).toBeUndefined();
    const line = log.lines.find((l) => l.msg === 'chart could not be drawn; replying without it');
    expect(line).toMatchObject({ coin: 'BTC', days: 7, err: { type: 'ChartInputError' } });
  });
});
