// The real WhyServices: a ccxt exchange (live, behind a proxy, or pointed at a replay's simulator), the
// single-flight snapshot cache, and the article writer. Commands reach market data only through this.
import type { MarketSnapshot, ReplayInfo } from '../gather/types.ts';
import { buildSnapshot } from '../gather/build-snapshot.ts';
import { DailyHistoryCache } from '../gather/daily-history.ts';
import { BeforeHistoryError, buildPastSnapshot } from '../gather/past-snapshot.ts';
import { failureReason } from '../gather/upstream-call.ts';
import { formatDate } from '../narrate/format.ts';
import { exchangeName } from '../core/markets.ts';
import { createExchange } from '../gather/exchange.ts';
import { pausedUntil } from '../gather/rate-limit-gate.ts';
import { checkMarkets } from '../gather/check-markets.ts';
import { SnapshotCache } from '../gather/snapshot-cache.ts';
import type { SharedSnapshotStore } from '../gather/shared-snapshot.ts';
import type { SharedChartStore } from '../chart/shared-chart-store.ts';
import type { RetryPolicy } from '../gather/upstream-call.ts';
import type { AnySnapshotSource } from '../gather/snapshot-source.ts';
import { closeSources } from '../gather/sources.ts';
import type { Config } from '../config/schema.ts';
import type { Facts } from '../analyse/facts.ts';
import type { LanguageCatalog } from '../narrate/language-catalog.ts';
import type { ArticleDocument } from '../core/document.ts';
import { formatUtc } from '../narrate/time-format.ts';
import { createChartMaker, type ChartMaker } from './charts.ts';
import type { Logger } from './logger.ts';
import { DataUnavailableError, RateLimitedError, UnknownCoinError, UserFacingError } from '../core/errors.ts';
import type { ExplainRequest, Explanation, WhyServices } from '../../commands/services.ts';

/** How many past moments' snapshots are kept (each is a few hundred kilobytes). */
const PAST_SNAPSHOTS_KEPT = 8;

/** An article and the analysis it was written from. */
export interface WrittenArticle {
  document: ArticleDocument;
  facts: Facts;
}

/** Writes an article from a snapshot (see article-writer.ts); pure apart from what it was built with. */
export type ArticleWriter = ((snapshot: MarketSnapshot, request: ExplainRequest) => WrittenArticle) & {
  /** Parse the templates now (a running bot does this at start-up, so the first article does not). */
  warm?: () => void;
  /** The languages it writes in. */
  languages: LanguageCatalog;
};

/** Inputs of createServices. */
export interface ServicesOptions {
  config: Config;
  writer: ArticleWriter;
  /** The clock (fixed at the replayed moment in replays). */
  now?: () => number;
  /** Point ccxt at this base URL instead of the configured one (replays, tests). */
  exchangeUrl?: string;
  replay?: ReplayInfo;
  /** The optional snapshot sources (openSources in src/gather/sources.ts); the services close them. */
  sources?: readonly AnySnapshotSource[];
  retry?: RetryPolicy;
  /** Hears what goes wrong off the reply path (charts that could not be drawn). */
  logger?: Logger;
  /** Share the snapshot with other processes through Redis (REDIS_URL); absent: this process's cache only. */
  shared?: SharedSnapshotStore;
  /** Share rendered charts with other processes through Redis (REDIS_URL); absent: this process's cache only. */
  sharedCharts?: SharedChartStore;
}

/** WhyServices plus what its owner needs: the caches (for status and metrics) and close(). */
export interface RunningServices extends WhyServices {
  cache: SnapshotCache;
  /** The shared chart maker and its cache of rendered charts. */
  charts: ChartMaker;
  /** Load the exchange's markets and name the tracked coins or quote it cannot serve (empty: all well); rejects when unreachable. */
  checkMarkets(): Promise<string[]>;
  /** Do now what the first /why would otherwise pay for: parse the templates, start the chart thread. */
  warm(): Promise<void>;
  close(): void;
}

/** Build the services. Nothing is fetched until the first snapshot is asked for. */
export function createServices(options: ServicesOptions): RunningServices {
  const { config } = options;
  const now = options.now ?? (() => Date.now());
  const baseUrl = options.exchangeUrl ?? config.WHYBOT_EXCHANGE_URL;
  const exchange = createExchange(config.WHYBOT_EXCHANGE, {
    timeoutMs: config.WHYBOT_HTTP_TIMEOUT_MS,
    ...(baseUrl ? { baseUrl } : {}),
  });
  const coins = config.WHYBOT_COINS;
  const dailyCache = new DailyHistoryCache();
  const cache = new SnapshotCache(
    () =>
      buildSnapshot({
        exchange,
        coins,
        quote: config.WHYBOT_QUOTE,
        now: now(),
        dailyCache,
        ...(options.replay ? { replay: options.replay } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.sources ? { sources: options.sources } : {}),
      }),
    config.WHYBOT_SNAPSHOT_TTL_SECONDS,
    options.shared ? { store: options.shared, ...(options.logger ? { logger: options.logger } : {}) } : undefined,
  );
  const charts = createChartMaker({
    cacheSize: config.WHYBOT_CHART_CACHE_SIZE,
    width: config.WHYBOT_CHART_WIDTH,
    height: config.WHYBOT_CHART_HEIGHT,
    threads: config.WHYBOT_CHART_THREADS,
    maxQueue: config.WHYBOT_CHART_QUEUE,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.sharedCharts ? { shared: options.sharedCharts } : {}),
    languages: options.writer.languages,
  });

  // Snapshots of past moments (/why date:...), kept for the last few moments asked: history does not change.
  const past = new Map<number, Promise<MarketSnapshot>>();
  const pastSnapshot = (at: number): Promise<MarketSnapshot> => {
    let p = past.get(at);
    if (!p) {
      p = buildPastSnapshot({
        exchange,
        coins,
        quote: config.WHYBOT_QUOTE,
        at,
        dailyCache,
        ...(options.replay ? { replay: options.replay } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.sources ? { sources: options.sources } : {}),
      }).catch((error: unknown) => {
        past.delete(at);
        if (error instanceof BeforeHistoryError) {
          const where = options.replay ? 'The replayed files begin' : `${exchangeName(exchange.id)}'s history begins`;
          throw new UserFacingError(
            error.firstDay === undefined
              ? 'That is before the history available here; try a later day.'
              : `That is before the history available: ${where.charAt(0).toLowerCase()}${where.slice(1)} on ${formatDate(error.firstDay)}. Try a day from then on.`,
          );
        }
        throw new DataUnavailableError([`history (${failureReason(error)})`]);
      });
      past.set(at, p);
      while (past.size > PAST_SNAPSHOTS_KEPT) past.delete(past.keys().next().value!);
    }
    return p;
  };

  // Articles stay per process even with REDIS_URL (the snapshot and the charts are shared): an article is
  // written from the shared snapshot by pure code in milliseconds (5-17 ms warm, measured by
  // bench/scale-snapshot.ts; see bench/README.md), once per snapshot, coin and form; every process writes the
  // same text from the same snapshot, and sharing it would cost a Redis round trip and a lock to save that.
  const articles = new WeakMap<MarketSnapshot, Map<string, ReturnType<ArticleWriter>>>();
  return {
    languages: options.writer.languages,
    startedAt: now(),
    now,
    cache,
    charts,
    trackedCoins: () => [...coins],
    snapshot: () => cache.get(),
    snapshotExpiresAt: () => cache.expiresAt(),
    snapshotTtlSeconds: config.WHYBOT_SNAPSHOT_TTL_SECONDS,
    async explain(request: ExplainRequest): Promise<Explanation> {
      // Commands and the CLI resolve what a user typed (commands/coin.ts); this guards the contract.
      const coin = request.coin?.toUpperCase();
      if (coin !== undefined && !coins.includes(coin)) throw new UnknownCoinError(coin, coins);
      const snapshot = request.at === undefined ? await cache.get() : await pastSnapshot(request.at);
      if (!snapshot.tickers.ok) {
        // A replay's data is on disk: "can't reach the market data, try again" would be false there.
        if (snapshot.replay)
          throw new UserFacingError(
            `The replayed files give no price at ${formatUtc(snapshot.replay.at)} (${snapshot.tickers.reason}).`,
          );
        // The exchange asked us to wait: say until when, rather than "try again in a minute".
        const until = await pausedUntil(exchange);
        if (until !== undefined) throw new RateLimitedError(exchangeName(exchange.id), until);
        throw new DataUnavailableError([`prices (${snapshot.tickers.reason})`]);
      }
      if (coin && !snapshot.tickers.value[coin]) {
        if (!snapshot.replay) throw new DataUnavailableError([`${coin} price`]);
        const held = Object.keys(snapshot.tickers.value).join(', ');
        throw new UserFacingError(`This replay holds no ${coin} data; it covers ${held}.`);
      }
      // The article is a pure function of (snapshot, coin, form): write it once per snapshot and share it.
      let written = articles.get(snapshot);
      if (!written) articles.set(snapshot, (written = new Map()));
      const language = options.writer.languages.pack(request.language).info.code;
      const key = `${coin ?? '*'}:${request.form}:${language}`;
      let article = written.get(key);
      if (!article)
        written.set(
          key,
          (article = options.writer(snapshot, { form: request.form, language, ...(coin ? { coin } : {}) })),
        );
      return { snapshot, ...article };
    },
    chart: (request) => charts.draw(request),
    checkMarkets: () => checkMarkets(exchange, coins, config.WHYBOT_QUOTE),
    async warm() {
      options.writer.warm?.();
      await charts.warm();
    },
    close: () => {
      cache.close();
      void charts.close();
      void closeSources(options.sources ?? []);
    },
  };
}
