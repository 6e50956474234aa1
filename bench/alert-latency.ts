// Benchmark (i): a drop alert's time from the price tick to the message at the chat platform. The real alert
// path: the price websocket (the simulator's PriceFeed) read by ccxt pro, the ticker stream, the alert watcher,
// the SQLite stores, the fan-out queue and the real Discord and Telegram adapters posting to the fakes in
// test/fakes. Each round pushes one coin's fall (10% below its price) to 25 Discord channels and 25 Telegram
// chats that follow that coin's rule; the latency of each post is from the push to the fake receiving it. First
// on an idle bot, then while 1,000 /why (a cold snapshot each time) are being answered in the same process.
// Run alone: npx tsx bench/alert-latency.ts
import pino from 'pino';
import { commands } from '../commands/index.ts';
import type { AlertRule } from '../src/core/alert-rule.ts';
import { Dispatcher, type InvocationContext } from '../src/adapters/dispatcher.ts';
import { createRegistry } from '../src/adapters/registry.ts';
import { createArticleWriter } from '../src/app/article-writer.ts';
import { createServices } from '../src/app/create-services.ts';
import { runBot } from '../src/app/run-bot.ts';
import { PLATFORMS } from '../src/adapters/platforms.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { schedulingSettings } from '../src/deliver/settings.ts';
import { openSchedulingStores, startScheduling } from '../src/deliver/start-scheduling.ts';
import { createPriceExchange } from '../src/gather/prices/price-exchange.ts';
import { PriceFeed } from '../src/simulator/price-feed.ts';
import { startSimulator } from '../src/simulator/server.ts';
import { openDatabase } from '../src/store/database.ts';
import type { ChannelRef } from '../src/store/schedules/types.ts';
import { sqliteRunner } from '../src/store/sql-runner.ts';
import { startFakeDiscord } from '../test/fakes/discord-server.ts';
import { startFakeTelegram } from '../test/fakes/telegram-server.ts';
import { syntheticMarket } from '../test/helpers/synthetic-market.ts';
import { isMain, reportSection, type SectionResults } from './section.ts';
import { percentile, round } from './stats.ts';

const HOUR = 3_600_000;
const CHATS = 25;
const IDLE_COINS = ['ETH', 'BTC'];
const LOADED_COINS = ['SOL', 'BNB', 'XRP'];
const WHY_LOAD = 1_000;

const CONTEXT: InvocationContext = {
  platform: 'discord',
  user: { id: '1400000000000000001', name: 'bench' },
  chat: { id: '1300000000000000001', kind: 'group' },
  isModerator: async () => false,
};

/** Wait until `check()` holds (looking every 5 ms), or fail after `ms`. */
async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Run benchmark (i). */
export async function benchAlertLatency(): Promise<SectionResults> {
  const now = Date.now();
  // the market up to this minute (5-minute candles), so the watcher's backfill sees the last hour
  const data = syntheticMarket({ start: Math.floor(now / HOUR) * HOUR - 60 * 24 * HOUR, hours: 61 * 24 });
  // minute candles for the last three hours (what the watcher backfills its windows from), at the last price
  const minute = 60_000;
  for (const symbol of data.listedSymbols()) {
    const price = data.priceAt(symbol, now)?.price ?? 0;
    const from = Math.floor(now / minute) * minute - 3 * HOUR;
    data.addCandles(
      symbol,
      minute,
      Array.from({ length: 3 * 60 + 1 }, (_, i) => ({
        t: from + i * minute,
        o: price,
        h: price,
        l: price,
        c: price,
        v: 10,
      })),
    );
  }
  const sim = await startSimulator({ data, now: () => Date.now() });
  const [discord, telegram, feed] = await Promise.all([startFakeDiscord(), startFakeTelegram(), PriceFeed.start()]);
  const config = loadConfig(
    {
      DISCORD_TOKEN: 'bench-discord-token',
      DISCORD_API_URL: discord.apiUrl,
      TELEGRAM_TOKEN: '1:bench',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      WHYBOT_EXCHANGE_URL: sim.url,
      WHYBOT_SENTIMENT: 'off',
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  const logger = pino({ level: process.env.BENCH_LOG ?? 'silent' });
  const services = createServices({ config, writer: createArticleWriter(config), exchangeUrl: sim.url, logger });
  const db = openDatabase(':memory:');
  const settings = schedulingSettings(config);
  const stores = openSchedulingStores(sqliteRunner(db), settings);
  await services.warm(); // as `whybot start` does
  const bot = await runBot(config, { ...services, ...stores }, { logger });
  const dispatcher = new Dispatcher(createRegistry(commands), services, logger);
  // each round's coin has chats of its own (a chat hears at most one new alert per cooldown)
  const coins = [...IDLE_COINS, ...LOADED_COINS];
  for (const [round, target] of coins.entries()) {
    const chats: ChannelRef[] = [
      ...Array.from({ length: CHATS }, (_, i) => ({
        platform: 'discord' as const,
        channel: (1_300_000_000_000_000_000n + BigInt(round * 1000 + i)).toString(),
        kind: 'group' as const,
      })),
      ...Array.from({ length: CHATS }, (_, i) => ({
        platform: 'telegram' as const,
        channel: (-1_000_000 - round * 1000 - i).toString(),
        kind: 'group' as const,
      })),
    ];
    const rule: AlertRule = { target, dropPct: 3, windowMs: HOUR };
    for (const chat of chats) await stores.alerts.subscribe(chat, [rule], 'bench');
  }
  const exchange = await createPriceExchange({ id: 'binanceusdm', restUrl: sim.url, wsUrl: feed.url });
  const scheduling = await startScheduling({
    stores,
    services,
    posters: bot.posters,
    settings: { ...settings, defaultRules: [] },
    logger,
    exchange,
  });
  let everySecond: NodeJS.Timeout | undefined;
  try {
    await feed.waitForSubscription('btcusdt@miniTicker', 30_000);
    const prices = (await services.snapshot()).tickers;
    if (!prices.ok) throw new Error('no prices from the simulator');
    // like Binance's mini-ticker streams, every coin's price goes out every second (a fall at once, when it happens)
    const current = new Map(coins.map((c) => [c, prices.value[c]!.price]));
    const open = new Map(current);
    const tick = (coin: string) =>
      feed.push({ symbol: `${coin}USDT`, close: current.get(coin)!, open: open.get(coin)!, at: Date.now() });
    everySecond = setInterval(() => {
      for (const c of coins) tick(c);
    }, 1_000);

    const arrivals = (coin: string) => {
      const title = new RegExp(`Drop alert: ${coin} `);
      // the first request of each chat's alert (its text; a chart, when drawn, follows)
      const firstPerChat = <C>(calls: C[], chat: (c: C) => string) => {
        const seen = new Set<string>();
        return calls.filter((c) => !seen.has(chat(c)) && seen.add(chat(c)));
      };
      const discordAt = firstPerChat(
        discord.calls.filter(
          (c) =>
            c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path) && title.test(JSON.stringify(c.fields)),
        ),
        (c) => c.path,
      ).map((c) => c.arrivedAt);
      const telegramAt = firstPerChat(
        telegram.calls.filter((c) => c.method.startsWith('send') && title.test(JSON.stringify(c.fields))),
        (c) => String(c.fields.chat_id),
      ).map((c) => performance.timeOrigin + c.at);
      return { discord: discordAt, telegram: telegramAt };
    };
    const round1 = async (coin: string, load: boolean) => {
      let answering: Promise<unknown> | undefined;
      if (load) {
        await services.cache.clear();
        answering = Promise.all(
          Array.from({ length: WHY_LOAD }, () => dispatcher.handle('why', { text: '' }, CONTEXT)),
        );
        await new Promise((r) => setImmediate(r));
      }
      const pushedAt = performance.timeOrigin + performance.now();
      current.set(coin, open.get(coin)! * 0.9);
      tick(coin);
      await until(() => {
        const a = arrivals(coin);
        return a.discord.length >= CHATS && a.telegram.length >= CHATS;
      }, `the ${coin} alerts`);
      await answering;
      const a = arrivals(coin);
      return { discord: a.discord.map((t) => t - pushedAt), telegram: a.telegram.map((t) => t - pushedAt) };
    };
    const idle = { discord: [] as number[], telegram: [] as number[] };
    const loaded = { discord: [] as number[], telegram: [] as number[] };
    for (const coin of IDLE_COINS) {
      const r = await round1(coin, false);
      idle.discord.push(...r.discord);
      idle.telegram.push(...r.telegram);
    }
    for (const coin of LOADED_COINS) {
      const r = await round1(coin, true);
      loaded.discord.push(...r.discord);
      loaded.telegram.push(...r.telegram);
    }
    const figures = (name: string, values: number[]): SectionResults => ({
      [`${name}.p50_ms`]: round(percentile(values, 0.5), 0),
      [`${name}.p95_ms`]: round(percentile(values, 0.95), 0),
      [`${name}.p99_ms`]: round(percentile(values, 0.99), 0),
    });
    return {
      'alert.chats_per_round': CHATS * 2,
      'alert.rounds_idle': IDLE_COINS.length,
      'alert.rounds_loaded': LOADED_COINS.length,
      ...figures('alert.idle.discord', idle.discord),
      ...figures('alert.idle.telegram', idle.telegram),
      ...figures('alert.loaded_1000_why.discord', loaded.discord),
      ...figures('alert.loaded_1000_why.telegram', loaded.telegram),
      ...figures('alert.loaded_1000_why.all', [...loaded.discord, ...loaded.telegram]),
    };
  } finally {
    clearInterval(everySecond);
    await scheduling.stop();
    await bot.stop();
    services.close();
    await services.charts.close();
    db.close();
    await Promise.all([discord.close(), telegram.close(), feed.close(), sim.close()]);
  }
}

if (isMain(import.meta.url)) await reportSection(benchAlertLatency);
