// Builds a MarketSnapshot: loads the exchange's markets once, then fetches every source in parallel
// (two round trips on the critical path when cold). A failing source leaves its part Missing with a
// reason; the rest of the snapshot still builds.
import type { Exchange } from 'ccxt';
import { fetchCandlesPart, fineTimeframe, LIVE_MINUTES } from './candles.ts';
import { fetchDailyHistoryPart, type DailyHistoryCache } from './daily-history.ts';
import { marketName, perpetualSymbol } from '../core/markets.ts';
import { loadMarkets } from './exchange.ts';
import { fetchFundingPart } from './funding.ts';
import { fetchOpenInterestPart } from './open-interest.ts';
import { fetchBreadthPart, linearPerpetuals } from './breadth.ts';
import { missing, shareCall, type SourceContext } from './source-context.ts';
import { fetchTickersPart } from './tickers.ts';
import { gatherSources, type AnySnapshotSource } from './snapshot-source.ts';
import type { MarketSnapshot, Part, ReplayInfo } from './types.ts';
import { defaultRetryPolicy, failureReason, withRetry, type RetryPolicy } from './upstream-call.ts';
import { recordUpstreamError } from '../observability/metrics.ts';

/** Inputs of one snapshot build. */
export interface BuildSnapshotOptions {
  exchange: Exchange;
  coins: string[];
  /** Quote and settle currency of the perpetuals (USDT). */
  quote: string;
  /** The build's "now" in epoch ms (the replay time in replays). */
  now: number;
  replay?: ReplayInfo;
  retry?: RetryPolicy;
  /** The optional sources (see sources.ts); each fills its part of the snapshot or leaves it Missing with a reason. */
  sources?: readonly AnySnapshotSource[];
  /** Keeps the daily history already fetched, so later builds ask only for the newest page. */
  dailyCache?: DailyHistoryCache;
}

/** Build one snapshot; never throws for upstream failures. */
export async function buildSnapshot(options: BuildSnapshotOptions): Promise<MarketSnapshot> {
  const { exchange, coins, quote, now } = options;
  // Live: the exchange and the market read ("Binance USD-M"). A replay names the market its files hold
  // ("Binance spot"), never the exchange code that serves them.
  const exchangeName = options.replay ? (options.replay.market?.label ?? 'Binance klines') : marketName(exchange.id);
  const retry = options.retry ?? defaultRetryPolicy;
  const base = {
    builtAt: now,
    // in replays the files are the source; ccxt and the simulator only carry them
    exchange: options.replay ? 'replay' : exchange.id,
    exchangeName,
    ...(options.replay ? { replay: options.replay } : {}),
    coins,
  };

  // The optional sources do not depend on the exchange: they start at once, in parallel with everything below.
  const extras = gatherSources(options.sources ?? [], {
    now,
    coins,
    ...(options.replay ? { replay: options.replay } : {}),
  });

  let symbols: Record<string, string> = {};
  try {
    const markets = await withRetry(() => loadMarkets(exchange), retry);
    symbols = Object.fromEntries(
      coins.map((c) => [c, perpetualSymbol(c, quote)]).filter(([, s]) => markets[s!] !== undefined),
    );
  } catch (error) {
    const reason = `markets unavailable: ${failureReason(error)}`;
    recordUpstreamError(`${exchangeName} markets`, failureReason(error));
    const perCoin = <T>(what: string) =>
      Object.fromEntries(coins.map((c) => [c, missing(`${exchangeName} ${what}`, reason)])) as Record<string, Part<T>>;
    return {
      ...base,
      ...(await extras),
      tickers: missing(`${exchangeName} fetchTickers`, reason),
      hourly: perCoin('hourly candles'),
      daily: perCoin('daily candles'),
      openInterest: perCoin('open interest history'),
      funding: missing(`${exchangeName} funding rates`, reason),
    };
  }

  const perpetuals = linearPerpetuals(exchange.markets ?? {}, quote).map((m) => m.symbol);
  const allSymbols = [...new Set([...perpetuals, ...Object.values(symbols)])];
  const allTickers = shareCall(() => exchange.fetchTickers(allSymbols));
  const ctx: SourceContext = {
    exchange,
    exchangeName,
    symbols,
    now,
    retry,
    allTickers,
    ...(options.replay ? { replay: true } : {}),
  };
  // Replays: the finest files' candles over the last day. Live: the last hours of one-minute candles.
  const fine = options.replay ? fineTimeframe(options.replay.finestIntervalMs) : '1m';
  const fineCount = options.replay ? undefined : LIVE_MINUTES;
  const listed = Object.keys(symbols);
  const perCoin = async <T>(what: string, fetch: (coin: string) => Promise<Part<T>>) => {
    const parts = await Promise.all(
      coins.map(
        async (coin) =>
          [
            coin,
            listed.includes(coin)
              ? await fetch(coin)
              : missing(
                  `${exchangeName} ${what}`,
                  options.replay ? `no ${coin} data in the replayed files` : `${coin} is not listed on ${exchangeName}`,
                ),
          ] as const,
      ),
    );
    return Object.fromEntries(parts) as Record<string, Part<T>>;
  };

  const [extra, tickers, breadth, funding, hourly, daily, openInterest, fineCandles] = await Promise.all([
    extras,
    fetchTickersPart(ctx),
    fetchBreadthPart(ctx, { quote }),
    fetchFundingPart(ctx),
    perCoin('hourly candles', (c) => fetchCandlesPart(ctx, c, '1h')),
    perCoin('daily candles', (c) => fetchDailyHistoryPart(ctx, c, options.dailyCache)),
    perCoin('open interest history', (c) => fetchOpenInterestPart(ctx, c)),
    fine ? perCoin('fine candles', (c) => fetchCandlesPart(ctx, c, fine, fineCount)) : undefined,
  ]);
  return {
    ...base,
    ...extra,
    tickers,
    breadth,
    funding,
    hourly,
    daily,
    openInterest,
    ...(fineCandles ? { fine: fineCandles } : {}),
  };
}
