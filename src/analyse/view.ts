// The validated view of a snapshot: the one place where the snapshot's parts are checked (fetched, sane, fresh)
// and normalised (clean, sorted, closed candles). Every analysis section reads this view, never the raw snapshot.
import type { Candle, MarketSnapshot, Ticker } from '../gather/types.ts';
import type { Scope } from './facts.ts';
import { freshCandles, isNum, partValue } from './fresh.ts';
import type { AnalysisOptions } from './options.ts';
import { pricePath, type PathCandle } from './price-path.ts';

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
  /** Candles finer than an hour of a coin (minute or five-minute), with their length; empty when there are none. */
  fine(coin: string): Series & { ms: number };
  /** Spot candles of a coin beside the perpetual's, with their length; undefined when the snapshot has none. */
  spot(coin: string): (Series & { ms: number }) | undefined;
  /** One price path of a coin: the finest candles for each part of the data (fine, then hourly, then daily). */
  path(coin: string): PathCandle[];
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
  const fineCache = new Map<string, Series & { ms: number }>();
  const pathCache = new Map<string, PathCandle[]>();
  const view: MarketView = {
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
    fine(coin) {
      let s = fineCache.get(coin);
      if (!s) {
        const part = snapshot.fine?.[coin];
        const ms = part?.ok ? fineInterval(part.coverage?.intervalMs, part.value) : undefined;
        s = ms
          ? { ...freshCandles(part, ms, now, opts.maxAgeMs.hourly, `${coin} fine candles`, gaps), ms }
          : { candles: [], source: '', ms: 0 };
        fineCache.set(coin, s);
      }
      return s;
    },
    spot(coin) {
      // the spot source's part holds one part per coin
      const part = snapshot.spotCandles?.ok ? snapshot.spotCandles.value[coin] : undefined;
      if (!part?.ok) return undefined;
      const ms =
        fineInterval(part.coverage?.intervalMs, part.value) ?? (part.coverage?.intervalMs === HOUR ? HOUR : undefined);
      if (!ms) return undefined;
      const s = freshCandles(part, ms, now, opts.maxAgeMs.hourly, `${coin} spot candles`, gaps);
      return s.candles.length ? { ...s, ms } : undefined;
    },
    path(coin) {
      let p = pathCache.get(coin);
      if (!p) {
        const f = view.fine(coin);
        const h = view.hourly(coin);
        const d = view.daily(coin);
        p = pricePath([
          { candles: f.candles, ms: f.ms, source: f.source },
          { candles: h.candles, ms: HOUR, source: h.source },
          { candles: d.candles, ms: DAY, source: d.source },
        ]);
        pathCache.set(coin, p);
      }
      return p;
    },
  };
  return view;
}

/** The length of fine candles: the part's stated interval, else the smallest step between them; under an hour only. */
function fineInterval(stated: number | undefined, candles: unknown): number | undefined {
  if (isNum(stated)) return stated > 0 && stated < HOUR ? stated : undefined;
  if (!Array.isArray(candles) || candles.length < 2) return undefined;
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < candles.length; i++) {
    const d = (candles[i] as Candle)?.t - (candles[i - 1] as Candle)?.t;
    if (isNum(d) && d > 0 && d < step) step = d;
  }
  return step < HOUR ? step : undefined;
}
