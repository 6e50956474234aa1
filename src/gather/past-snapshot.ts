// Builds a MarketSnapshot of a past moment from exchange history (`/why btc date:2025-10-10`): candles up to that
// moment, the price and 24h change from them, funding from the funding history, open interest as far back as the
// exchange keeps it (30 days on Binance), liquidations from whybot's own store, and the sentiment reading of the
// day. It is labelled as a replay of recorded data at that moment, never as live.
import type { Exchange } from 'ccxt';
import { perpetualSymbol, marketName } from '../core/markets.ts';
import { fetchCandlesPart } from './candles.ts';
import { fetchDailyHistoryPart, type DailyHistoryCache } from './daily-history.ts';
import { loadMarkets } from './exchange.ts';
import { fetchOpenInterestPart } from './open-interest.ts';
import { fetchPart, missing, type SourceContext } from './source-context.ts';
import { gatherSources, type AnySnapshotSource } from './snapshot-source.ts';
import type { Candle, FundingRate, MarketSnapshot, Part, ReplayInfo, Ticker } from './types.ts';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from './upstream-call.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Inputs of one past snapshot. */
export interface PastSnapshotOptions {
  exchange: Exchange;
  coins: string[];
  quote: string;
  /** The moment described, epoch ms (the close of the asked day). */
  at: number;
  /** The replay the process runs, when it runs one (its files are the exchange history). */
  replay?: ReplayInfo;
  retry?: RetryPolicy;
  dailyCache?: DailyHistoryCache;
  /**
   * The optional sources (src/gather/sources.ts), asked for that moment as a replay of it: liquidations read the
   * store then, sentiment the reading of that day. The holders file is left out (it holds today's positions).
   */
  sources?: readonly AnySnapshotSource[];
}

/** The day asked for lies before the exchange's history of every tracked coin. */
export class BeforeHistoryError extends Error {
  override readonly name = 'BeforeHistoryError';
  constructor(
    /** Epoch ms of the first daily candle the exchange has, when it said. */
    readonly firstDay: number | undefined,
  ) {
    super('no candles before the asked moment');
  }
}

/** The price at `at` and the change over the 24 hours before, from hourly candles (closed by `at`). */
function tickerFromCandles(coin: string, symbol: string, candles: Candle[], at: number): Ticker | undefined {
  const last = candles[candles.length - 1];
  if (!last || last.t + HOUR > at) return undefined;
  const close = last.t + HOUR;
  const dayAgo = candles.find((c) => c.t === close - DAY);
  return {
    coin,
    symbol,
    price: last.c,
    at: close,
    ...(dayAgo ? { changePct: (last.c / dayAgo.o - 1) * 100, changeFrom: dayAgo.t } : {}),
  };
}

/** The funding rate in force at `ctx.now` per coin, from each market's funding history. */
async function fundingAt(ctx: SourceContext): Promise<Part<Record<string, FundingRate>>> {
  const source = `${ctx.exchangeName} funding rate history`;
  const entries = Object.entries(ctx.symbols);
  if (entries.length === 0) return missing(source, 'none of the tracked coins is listed');
  return fetchPart(
    source,
    ctx,
    () =>
      Promise.all(
        entries.map(([, symbol]) =>
          ctx.exchange.fetchFundingRateHistory(symbol, ctx.now - 3 * DAY, 100, { until: ctx.now }),
        ),
      ),
    (histories) => {
      const out: Record<string, FundingRate> = {};
      entries.forEach(([coin, symbol], i) => {
        const last = (histories[i] ?? [])
          .filter((f) => typeof f.timestamp === 'number' && f.timestamp <= ctx.now && Number.isFinite(f.fundingRate))
          .at(-1);
        if (last) out[coin] = { coin, symbol, rate: last.fundingRate as number, at: last.timestamp! };
      });
      const times = Object.values(out).map((f) => f.at);
      if (times.length === 0) return missing(source, 'no funding rates at that time');
      return { ok: true, source, value: out, asOf: Math.max(...times) };
    },
  );
}

/** The first daily candle the exchange has for `symbol`, epoch ms, or undefined when it cannot say. */
async function firstDay(exchange: Exchange, symbol: string): Promise<number | undefined> {
  try {
    const rows = await exchange.fetchOHLCV(symbol, '1d', 0, 1);
    const t = rows[0]?.[0];
    return typeof t === 'number' ? t : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Build the snapshot of `at`. Throws BeforeHistoryError when no tracked coin has a candle before `at`, and
 * rethrows when the exchange's markets cannot be loaded (the caller says the data is unavailable).
 */
export async function buildPastSnapshot(options: PastSnapshotOptions): Promise<MarketSnapshot> {
  const { exchange, coins, quote, at } = options;
  const exchangeName = options.replay ? (options.replay.market?.label ?? 'Binance klines') : marketName(exchange.id);
  const retry = options.retry ?? defaultRetryPolicy;
  const markets = await withRetry(() => loadMarkets(exchange), retry);
  const symbols = Object.fromEntries(
    coins.map((c) => [c, perpetualSymbol(c, quote)]).filter(([, s]) => markets[s!] !== undefined),
  ) as Record<string, string>;
  const ctx: SourceContext = {
    exchange,
    exchangeName,
    symbols,
    now: at,
    retry,
    allTickers: () => Promise.reject(new Error('no live tickers for a past moment')),
    replay: true,
  };
  const listed = Object.keys(symbols);
  const perCoin = async <T>(what: string, fetch: (coin: string) => Promise<Part<T>>) =>
    Object.fromEntries(
      await Promise.all(
        coins.map(
          async (coin) =>
            [
              coin,
              listed.includes(coin) ? await fetch(coin) : missing(`${exchangeName} ${what}`, `${coin} is not listed`),
            ] as const,
        ),
      ),
    ) as Record<string, Part<T>>;
  const replay: ReplayInfo = { ...(options.replay ?? { files: [] }), at };
  const extras = gatherSources(
    (options.sources ?? []).filter((s) => s.part !== 'holders'),
    { now: at, coins, replay },
  );
  const [hourly, daily, openInterest, funding, extra] = await Promise.all([
    perCoin('hourly candles', (c) => fetchCandlesPart(ctx, c, '1h')),
    perCoin('daily candles', (c) => fetchDailyHistoryPart(ctx, c, options.dailyCache)),
    perCoin('open interest history', (c) => fetchOpenInterestPart(ctx, c)),
    fundingAt(ctx),
    extras,
  ]);
  const tickerSource = `${exchangeName} hourly candles`;
  const tickers: Record<string, Ticker> = {};
  for (const coin of listed) {
    const h = hourly[coin];
    const t = h?.ok ? tickerFromCandles(coin, symbols[coin]!, h.value, at) : undefined;
    if (t) tickers[coin] = t;
  }
  if (Object.keys(tickers).length === 0) {
    const first = listed[0] ? await firstDay(exchange, symbols[listed[0]]!) : undefined;
    if (first === undefined || first >= at - HOUR) throw new BeforeHistoryError(first);
  }
  const times = Object.values(tickers).map((t) => t.at);
  return {
    builtAt: at,
    exchange: 'replay',
    exchangeName,
    replay,
    coins,
    ...extra,
    tickers: times.length
      ? { ok: true, source: tickerSource, value: tickers, asOf: Math.max(...times) }
      : missing(tickerSource, 'no hourly candles before that moment'),
    hourly,
    daily,
    openInterest,
    funding,
  };
}
