// Liquidations from stream to sentence: the collectors ingest frames through the real ccxt websocket code,
// the store sums them, the snapshot carries the summary, and the article states it as a lower bound with
// the exchanges and the collection time. Everything runs on the real clock against local simulators.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterEach, expect, it } from 'vitest';
import { createArticleWriter } from '../../src/app/article-writer.ts';
import { createServices, type RunningServices } from '../../src/app/create-services.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startCollectors, type Collectors } from '../../src/gather/liquidations/collectors.ts';
import { liquidationSource } from '../../src/gather/liquidations/source.ts';
import { renderText } from '../../src/narrate/render-text.ts';
import { startLiquidationSimulator, type LiquidationSimulator } from '../../src/simulator/liquidations/server.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { LiquidationStore } from '../../src/store/liquidations/store.ts';
import { waitUntil } from '../helpers/testkit.ts';
import { FAST, tempDb } from '../liquidations/helpers.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { SqliteLiquidationRepo } from '../../src/store/liquidations/repo.ts';
const repoOf = (store: ConstructorParameters<typeof SqliteLiquidationRepo>[0]) => new SqliteLiquidationRepo(store);

const HOUR = 3_600_000;
let cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

it('an article states collected BTC long liquidations as "at least", naming the exchanges', async () => {
  const now = Date.now();
  // 5-minute candles up to now, so tickers are fresh on the real clock.
  const start = Math.floor(now / HOUR) * HOUR - 35 * 24 * HOUR;
  const market: Simulator = await startSimulator({
    data: syntheticMarket({ start, hours: 35 * 24 + 1, intervalMs: 300_000, lastDayDriftPct: -0.3 }),
    now: () => Date.now(),
  });
  cleanups.push(() => market.close());
  const liqSim: LiquidationSimulator = await startLiquidationSimulator({ coins: ['BTC', 'ETH'] });
  cleanups.push(() => liqSim.close());
  const db = tempDb();
  cleanups.push(db.cleanup);
  const store = LiquidationStore.open(db.path);
  cleanups.push(() => store.close());
  const collectors: Collectors = startCollectors({
    exchanges: ['binanceusdm', 'bybit'],
    coins: ['BTC', 'ETH'],
    store: repoOf(store),
    urls: liqSim.urls(),
    tuning: FAST,
  });
  cleanups.push(() => collectors.stop());
  await liqSim.waitForSubscriptions('binanceusdm', 1);
  await liqSim.waitForSubscriptions('bybit', 2);

  // $6.0M of BTC longs (Binance 40 x 1.5 BTC at $60,000 ... plus Bybit), and one ETH short.
  const events = [
    ...Array.from({ length: 40 }, (_, i) => ({
      exchange: 'binanceusdm' as const,
      coin: 'BTC',
      side: 'long' as const,
      amount: 1.5,
      price: 60_000,
      at: now - 60_000 + i,
    })),
    ...Array.from({ length: 20 }, (_, i) => ({
      exchange: 'bybit' as const,
      coin: 'BTC',
      side: 'long' as const,
      amount: 0.5,
      price: 60_000,
      at: now - 50_000 + i,
    })),
    { exchange: 'bybit' as const, coin: 'ETH', side: 'short' as const, amount: 10, price: 3_000, at: now - 40_000 },
  ];
  const delivered = liqSim.push(events);
  await waitUntil(() => collectors.status().reduce((n, s) => n + s.events, 0) === delivered, 'every frame stored');
  await collectors.flush();

  const config = loadConfig({ WHYBOT_COINS: 'BTC,ETH', LOG_LEVEL: 'silent' }, PLATFORMS);
  const services: RunningServices = createServices({
    config,
    writer: createArticleWriter(config),
    exchangeUrl: market.url,
    sources: [liquidationSource(repoOf(store))],
  });
  cleanups.push(() => services.close());
  const { document, snapshot } = await services.explain({ form: 'full' });
  const text = renderText(document);
  if (process.env.SHOW_ARTICLE) console.log(text);

  if (!snapshot.liquidations?.ok) throw new Error(`liquidations missing: ${JSON.stringify(snapshot.liquidations)}`);
  const day = snapshot.liquidations.value.windows['24h']!;
  expect(day.byCoin.BTC).toMatchObject({ longsUsd: 40 * 1.5 * 60_000 + 20 * 0.5 * 60_000, shortsUsd: 0, count: 60 });
  expect(day.shortsUsd).toBe(30_000);
  // The article: a lower bound with its count and split from the data, the totals by venue, the largest one
  // with its time, the coverage line naming exactly the venues present, the BTC long total ($4.2M) and the start.
  expect(text).toMatch(
    /At least \$4\.23M of leveraged positions were force-closed over the past day in 61 liquidations: \$4\.2M of longs against \$30K of shorts\./,
  );
  expect(text).toContain('By venue: Binance USD-M $3.6M and Bybit $630K.');
  expect(text).toMatch(/The largest was a \$90K BTC long on Binance USD-M at \d\d:\d\d UTC\./);
  expect(text).toContain(
    'Counted on Binance USD-M (a sample: at most one per symbol per second) and Bybit; Hyperliquid publishes no liquidation feed.',
  );
  expect(text).toContain('$4.2M');
  expect(text).toMatch(
    /Liquidation totals are lower bounds from the public Binance USD-M and Bybit streams, collected since/,
  );
  const figure = document.figures.find((f) => f.text === '$4.2M');
  expect(figure?.source).toMatch(/liquidation/i);
});
