// A drop alert posted before any headline lined up with the drop is edited to carry the headline once the feeds
// have one, through the real telegraf against the fake Bot API, the real watcher, stores and fan-out, and real
// articles (the 5 August 2024 klines, analysed and written). The headline is written for the test (not a real
// report); it "arrives" after the alert by being first seen later.
import { afterEach, describe, expect, it } from 'vitest';
import type { ExplainRequest, Explanation } from '../../commands/services.ts';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { parseRule } from '../../src/alerts/rules.ts';
import { analyseMarket } from '../../src/analyse/analyse.ts';
import { runBot } from '../../src/app/run-bot.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { mergeStories } from '../../src/core/news-stories.ts';
import { AlertWatcher, LATE_HEADLINE_CHECK_MS } from '../../src/deliver/alert-watcher.ts';
import { FanOut } from '../../src/deliver/fan-out.ts';
import type { MarketSnapshot } from '../../src/gather/types.ts';
import { writeArticle } from '../../src/narrate/write-article.ts';
import { openDatabase } from '../../src/store/database.ts';
import { AlertMessageStore } from '../../src/store/schedules/alert-messages.ts';
import { AlertStore } from '../../src/store/schedules/alert-store.ts';
import type { ChannelRef } from '../../src/store/schedules/types.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { startFakeTelegram } from '../fakes/telegram-server.ts';
import { augustSnapshot } from '../helpers/kline-snapshot.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const MIN = 60_000;
const BASE = Date.UTC(2024, 7, 5, 0, 0);
const TG: ChannelRef = { platform: 'telegram', channel: '-100777', kind: 'group' };
const SOURCE = 'Binance USD-M watchTickers';
const templates = loadTemplates();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('a headline that lines up after the alert', () => {
  it('edits the posted alert to carry it, once', async () => {
    // the explainer: the real article of 5 August 2024, 07:00 UTC, with the headline only once it has been seen
    let headlineSeen = false;
    const base = augustSnapshot('2024-08-05T07:00:00Z');
    const explain = async (request: ExplainRequest): Promise<Explanation> => {
      const snapshot: MarketSnapshot = {
        ...base,
        news: {
          ok: true,
          source: 'feeds',
          asOf: base.builtAt,
          value: headlineSeen
            ? mergeStories([
                {
                  outlet: 'Test Wire',
                  title: 'Bank of Japan signals further rate hikes',
                  link: 'https://testwire.example/boj',
                  publishedAt: Date.parse('2024-08-04T23:20:00Z'),
                  firstSeenAt: Date.parse('2024-08-04T23:25:00Z'),
                },
              ])
            : [],
        },
      };
      const facts = analyseMarket(snapshot, request.coin ? { coin: request.coin } : {});
      return { document: writeArticle(facts, templates, { form: request.form ?? 'short' }), snapshot, facts };
    };
    const telegram = await startFakeTelegram();
    const log = memoryLogger();
    const config = loadConfig(
      {
        TELEGRAM_TOKEN: '123:abc',
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_PER_CHAT_INTERVAL_MS: '10',
        LOG_LEVEL: 'silent',
      },
      PLATFORMS,
    );
    const bot = await runBot(config, fixedServices(), { logger: log.logger });
    const db = openDatabase(':memory:');
    const clock = new ManualClock(BASE);
    const store = new AlertStore(db, { clock });
    await store.subscribe(TG, [parseRule('BTC:-3%:1h')], 'mod');
    const fanOut = new FanOut({ posters: bot.posters, logger: log.logger });
    const services = { ...fixedServices({ explain }), chart: async () => undefined };
    const watcher = new AlertWatcher({
      store,
      services,
      fanOut,
      clock,
      logger: log.logger,
      owner: 'test',
      messages: new AlertMessageStore(db),
    });
    cleanups.push(async () => {
      await watcher.stop();
      await fanOut.stop();
      await bot.stop();
      db.close();
      await telegram.close();
    });
    const push = async (minutes: number, price: number) => {
      const at = BASE + minutes * MIN;
      clock.tick(Math.max(0, at - clock.now()));
      await watcher.ingest([{ coin: 'BTC', price, at, source: SOURCE }]);
    };
    for (let m = -60; m <= 0; m++) await push(m, 60_000);
    await push(5, 57_900); // -3.5%: the alert, no headline yet
    const sent = telegram.callsOf('sendMessage').filter((c) => String(c.fields.chat_id) === TG.channel);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((c) => String(c.fields.text)).join('\n')).not.toContain('Bank of Japan');

    // the feeds now carry it; the next evaluation within the check interval does not look yet, the one after does
    headlineSeen = true;
    await push(5 + LATE_HEADLINE_CHECK_MS / MIN / 2, 57_950);
    expect(telegram.callsOf('editMessageText')).toHaveLength(0);
    await push(5 + LATE_HEADLINE_CHECK_MS / MIN, 57_950);
    const edits = telegram.callsOf('editMessageText').filter((c) => String(c.fields.chat_id) === TG.channel);
    expect(edits).toHaveLength(1);
    expect(String(edits[0]!.fields.text)).toContain('“Bank of Japan signals further rate hikes” (Test Wire');
    expect(String(edits[0]!.fields.text)).toContain('<a href="https://testwire.example/boj">');
    // once edited, it is not edited again
    await push(5 + 3 * (LATE_HEADLINE_CHECK_MS / MIN), 57_950);
    expect(telegram.callsOf('editMessageText').filter((c) => String(c.fields.chat_id) === TG.channel)).toHaveLength(1);
  });
});
