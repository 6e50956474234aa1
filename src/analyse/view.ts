// The validated view of a snapshot: the one place where the snapshot's parts are checked (fetched, sane, fresh)
// and normalised (clean, sorted, closed candles). Every analysis section reads this view, never the raw snapshot.
import type { Candle, MarketSnapshot, Ticker } from '../gather/types.ts';
import type { Scope } from './facts.ts';
import { freshCandles, isNum, partValue } from './fresh.ts';
import type { AnalysisOptions } from './options.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Closed, valid, fresh candles of one coin with where they came from (empty when missing or stale). */
export interface Series {
  candles: Candle[];
  source: string;
}

/** The snapshot, checked once: what every section builder reads. */
export interface MarketView {
  snapshot: MarketSnapshot;
  scope: Scope;
  /** Epoch ms the analysis is as of. */
  now: number;
  opts: AnalysisOptions;
  /** Tracked coins, deduplicated, in configured order. */
  tracked: string[];
  /** The coins the article covers: all tracked (market) or the one coin. */
  coins: string[];
  focusCoin: string;
  /** The coin moves are measured against, when there is one. */
  benchCoin?: string | undefined;
  tickers: Record<string, Ticker>;
  tickerSource: string;
  /** Hourly candles of a coin (cached). */
  hourly(coin: string): Series;
  /** Daily candles of a coin (cached). */
  daily(coin: string): Series;
  /** Parts that were missing or stale, with the reason. */
  gaps: string[];
}

/** Check and normalise the snapshot once for one scope. */
export function viewOf(snapshot: MarketSnapshot, scope: Scope, opts: AnalysisOptions): MarketView {
  const now = isNum(opts.now) ? opts.now : snapshot.builtAt;
  const gaps: string[] = [];
  const tracked = [
    ...new Set(
      (Array.isArray(snapshot.coins) ? snapshot.coins : []).filter((c) => typeof c === 'string' && c.length > 0),
    ),
  ];
  const coins = scope.kind === 'market' ? tracked : [scope.coin];
  const focusCoin =
    scope.kind === 'coin'
      ? scope.coin
      : tracked.includes(opts.focusCoin)
        ? opts.focusCoin
        : (tracked[0] ?? opts.focusCoin);
  const benchCoin = scope.kind === 'market' ? focusCoin : scope.coin === opts.focusCoin ? undefined : opts.focusCoin;
  const tickersPart = partValue(snapshot.tickers, 'tickers', gaps);
  const tickers: Record<string, Ticker> =
    tickersPart && tickersPart.value && typeof tickersPart.value === 'object' ? tickersPart.value : {};
  const hourlyCache = new Map<string, Series>();
  const dailyCache = new Map<string, Series>();
  return {
    snapshot,
    scope,
    now,
    opts,
    tracked,
    coins,
    focusCoin,
    benchCoin,
    tickers,
    tickerSource: tickersPart?.source ?? '',
    gaps,
    hourly(coin) {
      let s = hourlyCache.get(coin);
      if (!s) {
        s = freshCandles(snapshot.hourly?.[coin], HOUR, now, opts.maxAgeMs.hourly, `${coin} hourly candles`, gaps);
        hourlyCache.set(coin, s);
      }
      return s;
    },
    daily(coin) {
      let s = dailyCache.get(coin);
      if (!s) {
        s = freshCandles(snapshot.daily?.[coin], DAY, now, opts.maxAgeMs.daily, `${coin} daily candles`, gaps);
        dailyCache.set(coin, s);
      }
      return s;
    },
  };
}
