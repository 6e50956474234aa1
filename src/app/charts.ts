// The charts the bot attaches to replies: one shared cache of rendered PNGs, the configured image size, the
// level lines the article names (no other set) and the liquidation bars the snapshot carries. A chart that
// cannot be drawn is logged and left out; the reply goes without it. With a SharedChartStore (REDIS_URL) the
// in-process cache asks Redis before drawing, so every process draws each chart of a snapshot once between them.
import type { ReplyFile } from '../core/reply.ts';
import type { Level, LevelFacts } from '../analyse/facts.ts';
import {
  ChartCache,
  chartLevelsFromFacts,
  RenderPool,
  renderPriceChartAsync,
  snapshotChartFile,
  type ChartLevel,
  type ChartMarker,
  type LiquidationBar,
  type PriceChartInput,
} from '../chart/index.ts';
import type { MarketSnapshot } from '../gather/types.ts';
import type { Figure } from '../core/document.ts';
import type { Logger } from './logger.ts';
import type { Words } from '../narrate/words.ts';
import type { ChartRequest } from '../chart/reply-chart.ts';
import type { SharedChartStore } from '../chart/shared-chart-store.ts';
import type { ChartLanguage } from '../chart/types.ts';
import { chartFontsCover } from '../chart/fonts.ts';
import type { LanguageCatalog } from '../narrate/language-catalog.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Level lines for exactly the levels an article names: the analysis's supports, resistance and broken level
 * whose price figure the article states (`figures` is the document's list of stated figures).
 */
export function namedChartLevels(levels: LevelFacts | undefined, figures: readonly Figure[]): ChartLevel[] {
  if (!levels) return [];
  const stated = new Set(figures.map((f) => f.id));
  const named = (l: Level | undefined) => (l && stated.has(l.price.id) ? l : undefined);
  const resistance = named(levels.resistance);
  const broken = named(levels.broken);
  return chartLevelsFromFacts({
    supports: levels.supports.filter((l) => stated.has(l.price.id)),
    ...(resistance ? { resistance } : {}),
    ...(broken ? { broken } : {}),
  });
}

/**
 * Markers for the events an article states: each headline whose time figure the document states, at its
 * publication time, labelled with the outlet, and the scheduled event it names, labelled with the event (the
 * marker's place on the time axis gives the time). `facts.news` is the analysis's news part.
 */
export function namedChartMarkers(
  news: import('../analyse/news.ts').NewsFacts | undefined,
  figures: readonly Figure[],
  calendar: import('../analyse/facts.ts').CalendarFacts | undefined,
  words: Words,
): ChartMarker[] {
  const stated = new Set(figures.map((f) => f.id));
  const event = calendar?.beforeMove;
  const eventMarker =
    event && (stated.has(event.at.id) || stated.has(`${event.at.id}.time`))
      ? [{ t: event.at.value, label: words.t(`event.${event.kind}`).replace(/^the /i, '').slice(0, 20) }]
      : [];
  if (!news) return eventMarker;
  const seen = new Set<string>();
  return [...news.aligned, ...news.timeline]
    .filter((h) => {
      const id = h.publishedAt.id;
      const isStated = stated.has(id) || stated.has(`${id}.time`);
      if (!isStated || seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map((h) => ({ t: h.publishedAt.value, label: h.outlet.slice(0, 20) }))
    .concat(eventMarker);
}

/**
 * The snapshot's collected liquidations of `coin` per hour over the last `days` days, or undefined when it
 * carries none (no collector, a replay): hours nobody collected are absent from the snapshot, and stay absent.
 */
export function liquidationBarsFor(snapshot: MarketSnapshot, coin: string, days: number): LiquidationBar[] | undefined {
  const part = snapshot.liquidations;
  const hours = part?.ok ? part.value.hourly?.[coin] : undefined;
  if (!hours) return undefined;
  const from = snapshot.builtAt - days * DAY - HOUR;
  const bars = hours.filter((h) => h.t >= from);
  return bars.length > 0 ? bars : undefined;
}

/** Settings of the chart maker. */
export interface ChartMakerOptions {
  /** How many rendered charts are kept (WHYBOT_CHART_CACHE_SIZE). */
  cacheSize: number;
  width: number;
  height: number;
  /** IANA zone for dates on the image (default UTC). */
  timeZone?: string;
  /** Worker threads drawing charts (WHYBOT_CHART_THREADS); 0 draws on the main thread. */
  threads?: number;
  /** Charts that may wait for a worker thread (WHYBOT_CHART_QUEUE); past that a reply goes without its chart. */
  maxQueue?: number;
  /** Hears charts that could not be drawn. */
  logger?: Logger;
  /** Share rendered charts with other processes through Redis (REDIS_URL); absent: this process's cache only. */
  shared?: SharedChartStore;
  /** The languages chart words come in (a request names one; English when it names none). */
  languages: LanguageCatalog;
}

/** Draws reply charts through one shared cache. */
export interface ChartMaker {
  /** The rendered charts (renders counts how many were drawn, for tests and metrics). */
  readonly cache: ChartCache;
  /** How many charts were drawn in this process (cache.renders also counts those fetched from Redis). */
  readonly drawn: number;
  /** The chart as a PNG attachment, or undefined when there is nothing to draw or drawing failed (logged). Never throws. */
  draw(request: ChartRequest): Promise<ReplyFile | undefined>;
  /**
   * Start the chart thread now and load the renderer in it (a running bot calls this at start-up, so the first
   * /why does not pay for it); nothing when charts are drawn on the main thread.
   */
  warm(): Promise<void>;
  /** Stop the worker threads. */
  close(): Promise<void>;
}

/** Build the chart maker the services use. */
export function createChartMaker(options: ChartMakerOptions): ChartMaker {
  const cache = new ChartCache(options.cacheSize);
  // Threads start on the first chart, so processes that never draw one (collect, tests) start none.
  let pool: RenderPool | undefined;
  const threads = options.threads ?? 0;
  let drawn = 0;
  const thePool = () => (pool ??= new RenderPool({ threads, maxQueue: options.maxQueue ?? 64 }));
  const renderHere = (input: PriceChartInput) => {
    drawn += 1;
    return threads > 0 ? thePool().render(input) : renderPriceChartAsync(input);
  };
  const { shared } = options;
  let toldFonts = false;
  /** A language's chart words as data; English (undefined) for English or when no installed font draws it. */
  const chartLanguages = new Map<string, ChartLanguage>();
  const chartLanguage = (code: string | undefined): ChartLanguage | undefined => {
    const pack = options.languages.pack(code);
    if (pack.info.code === options.languages.codes[0]) return undefined;
    if (!chartFontsCover(pack.info.locale)) {
      if (!toldFonts)
        options.logger?.warn(
          { language: pack.info.code },
          'no installed font draws this language on charts (install fonts-wqy-microhei); its charts are labelled in English',
        );
      toldFonts = true;
      return undefined;
    }
    let language = chartLanguages.get(pack.info.code);
    if (language === undefined) {
      const messages = Object.fromEntries(
        pack.words
          .keys()
          .filter((k) => k.startsWith('chart.'))
          .map((k) => [k, pack.words.source(k)]),
      );
      language = { code: pack.info.code, locale: pack.info.locale, messages };
      chartLanguages.set(pack.info.code, language);
    }
    return language;
  };
  const warn = (err: unknown, request: ChartRequest) =>
    options.logger?.warn(
      { err, coin: request.coin, days: request.days },
      'chart could not be drawn; replying without it',
    );
  return {
    cache,
    get drawn() {
      return drawn;
    },
    async draw(request) {
      try {
        const { snapshot, coin, days, article } = request;
        const levels = article ? namedChartLevels(article.facts?.levels, article.document.figures) : [];
        // the language the chart is drawn in (English when no installed font draws the one asked for)
        const language = chartLanguage(request.language);
        const words = options.languages.pack(language?.code).words;
        const markers = article
          ? namedChartMarkers(article.facts?.news, article.document.figures, article.facts?.calendar, words)
          : [];
        const bars = liquidationBarsFor(snapshot, coin, days);
        return await snapshotChartFile(
          cache,
          snapshot,
          coin,
          {
            days,
            levels,
            ...(markers.length > 0 ? { markers } : {}),
            ...(bars ? { liquidationBars: bars } : {}),
            width: options.width,
            height: options.height,
            ...(options.timeZone ? { timeZone: options.timeZone } : {}),
            ...(language ? { language } : {}),
          },
          (err) => warn(err, request),
          shared ? (input) => shared.get(snapshot, input, () => renderHere(input)) : renderHere,
        );
      } catch (err) {
        warn(err, request);
        return undefined;
      }
    },
    async warm() {
      if (threads > 0) await thePool().warm();
    },
    async close() {
      const running = pool;
      pool = undefined;
      cache.clear();
      await running?.close();
    },
  };
}
