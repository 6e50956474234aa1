// The reply charts of the services: level lines are exactly the levels the article names, liquidation bars
// come only from what the snapshot carries, and a chart that cannot be drawn is logged, never thrown.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { createArticleWriter } from '../../src/app/article-writer.ts';
import { CHART_DAYS, chartDays } from '../../src/chart/reply-chart.ts';
import { createChartMaker, liquidationBarsFor, namedChartLevels } from '../../src/app/charts.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { LiquidationSummary, MarketSnapshot } from '../../src/gather/types.ts';
import { PNG_SIGNATURE } from '../chart/png-helpers.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { augustSnapshot } from '../helpers/kline-snapshot.ts';
import { loadLanguages } from '../../src/app/languages.ts';

const languages = loadLanguages();

const H = 3_600_000;
const snapshot = augustSnapshot('2024-08-05T07:00:00Z');
const config = loadConfig({ WHYBOT_COINS: 'BTC', LOG_LEVEL: 'silent' }, PLATFORMS);
const write = createArticleWriter(config);

describe('namedChartLevels', () => {
  it('draws the levels the article states, labelled by kind', () => {
    const { document, facts } = write(snapshot, { form: 'short' });
    const levels = namedChartLevels(facts.levels, document.figures);
    const stated = document.figures.filter((f) => /\.(support\.\d|resistance|brokenLevel)$/.test(f.id));
    expect(stated.length).toBeGreaterThan(2);
    expect(levels.map((l) => l.price).sort()).toEqual(stated.map((f) => f.value).sort());
    expect(new Set(levels.map((l) => l.kind))).toEqual(new Set(['support', 'resistance', 'broken']));
  });

  it('leaves out levels the text does not name', () => {
    const facts = analyseMarket(snapshot, { now: snapshot.builtAt });
    const all = namedChartLevels(
      facts.levels,
      [facts.levels.supports[0]!.price, facts.levels.resistance!.price].map((f) => ({ ...f, text: String(f.value) })),
    );
    expect(all).toEqual([
      { price: facts.levels.supports[0]!.price.value, label: 'Support', kind: 'support' },
      { price: facts.levels.resistance!.price.value, label: 'Resistance', kind: 'resistance' },
    ]);
    expect(namedChartLevels(facts.levels, [])).toEqual([]);
    expect(namedChartLevels(undefined, [])).toEqual([]);
  });
});

describe('liquidationBarsFor', () => {
  const summary: LiquidationSummary = {
    windows: {},
    daily: [],
    hourly: {
      BTC: [
        { t: snapshot.builtAt - 40 * 24 * H, longsUsd: 1, shortsUsd: 2 },
        { t: snapshot.builtAt - 2 * H, longsUsd: 5, shortsUsd: 0 },
      ],
    },
  };
  const withLiqs: MarketSnapshot = {
    ...snapshot,
    liquidations: { ok: true, value: summary, source: 'whybot liquidation collector', asOf: snapshot.builtAt },
  };

  it('takes the hours of the window from the snapshot', () => {
    expect(liquidationBarsFor(withLiqs, 'BTC', 7)).toEqual([
      { t: snapshot.builtAt - 2 * H, longsUsd: 5, shortsUsd: 0 },
    ]);
  });

  it('has none without collected liquidations (a replay, a missing part, another coin)', () => {
    expect(liquidationBarsFor(snapshot, 'BTC', 7)).toBeUndefined();
    expect(
      liquidationBarsFor({ ...snapshot, liquidations: { ok: false, source: 'x', reason: 'no collector' } }, 'BTC', 7),
    ).toBeUndefined();
    expect(liquidationBarsFor(withLiqs, 'ETH', 30)).toBeUndefined();
  });
});

describe('createChartMaker', () => {
  it('uses 7 days beside short articles and 30 beside full ones and digests', () => {
    expect([chartDays('short'), chartDays('full'), CHART_DAYS.digest]).toEqual([7, 30, 30]);
  });

  it('draws a PNG of the configured size, once per snapshot and request', async () => {
    const charts = createChartMaker({ languages, cacheSize: 4, width: 800, height: 450 });
    const { document, facts } = write(snapshot, { form: 'short' });
    const [a, b] = await Promise.all([
      charts.draw({ snapshot, coin: 'BTC', days: 7, article: { document, facts } }),
      charts.draw({ snapshot, coin: 'BTC', days: 7, article: { document, facts } }),
    ]);
    expect(Array.from(a!.data.slice(0, 8))).toEqual(PNG_SIGNATURE);
    expect(b!.data).toBe(a!.data);
    expect(charts.cache.renders).toBe(1);
  });

  it('returns nothing, and logs why, when the chart cannot be drawn; never throws', async () => {
    const log = memoryLogger();
    const charts = createChartMaker({ languages, cacheSize: 4, width: 100, height: 450, logger: log.logger });
    expect(await charts.draw({ snapshot, coin: 'BTC', days: 7 })).toBeUndefined();
    expect(log.lines.at(-1)).toMatchObject({
      level: 40,
      msg: 'chart could not be drawn; replying without it',
      coin: 'BTC',
      err: { type: 'ChartInputError' },
    });
    const broken = { ...snapshot, hourly: undefined } as unknown as MarketSnapshot;
    expect(await charts.draw({ snapshot: broken, coin: 'BTC', days: 7 })).toBeUndefined();
    expect(log.lines.at(-1)).toMatchObject({
      msg: 'chart could not be drawn; replying without it',
      err: { type: 'TypeError' },
    });
  });

  it('returns nothing, quietly, when the snapshot has no candles of the coin', async () => {
    const log = memoryLogger();
    const charts = createChartMaker({ languages, cacheSize: 4, width: 800, height: 450, logger: log.logger });
    expect(await charts.draw({ snapshot, coin: 'ETH', days: 7 })).toBeUndefined();
    expect(log.lines).toEqual([]);
  });
});
