// The analysis entry points: a snapshot in, Facts out, for the whole market or for one coin. Pure: the time
// is options.now (default: the snapshot's builtAt), and nothing here reads a clock, a file or the network.
import type { Candle, MarketSnapshot, Ticker } from '../gather/types.ts';
import { compareWithBenchmark } from './against-benchmark.ts';
import { basketChange } from './basket.ts';
import { breadthFacts } from './breadth.ts';
import { coinMove } from './coin-moves.ts';
import { collectFacts } from './collect.ts';
import { rankDrivers } from './drivers.ts';
import { extremeSince } from './extremes.ts';
import { fact, type Fact } from './fact.ts';
import type { CoinFacts, Facts, Scope } from './facts.ts';
import { freshCandles, isNum, partValue } from './fresh.ts';
import { fundingFacts } from './funding.ts';
import { holderFacts } from './holders.ts';
import { findLevels } from './levels.ts';
import { liquidationFacts } from './liquidations.ts';
import { openInterestFacts } from './open-interest.ts';
import { resolveAnalysisOptions, type AnalysisOptions, type AnalysisOptionsInput } from './options.ts';
import { classifyRegime, directionOf, marketRegime } from './regime.ts';
import { sentimentFacts } from './sentiment.ts';
import { mean } from './stats.ts';
import { volatilityFacts } from './volatility.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Analyse the whole tracked market (the `/why` article). */
export function analyseMarket(snapshot: MarketSnapshot, options: AnalysisOptionsInput = {}): Facts {
  const opts = resolveAnalysisOptions(options);
  if (opts.coin) return analyse(snapshot, { kind: 'coin', coin: opts.coin.toUpperCase() }, opts);
  return analyse(snapshot, { kind: 'market' }, opts);
}

/** Analyse one coin (the `/why sol` article): its own levels, liquidations, open interest, funding and move against BTC. */
export function analyseCoin(snapshot: MarketSnapshot, coin: string, options: AnalysisOptionsInput = {}): Facts {
  return analyse(snapshot, { kind: 'coin', coin: coin.toUpperCase() }, resolveAnalysisOptions(options));
}

function analyse(snapshot: MarketSnapshot, scope: Scope, opts: AnalysisOptions): Facts {
  const now = isNum(opts.now) ? opts.now : snapshot.builtAt;
  const gaps: string[] = [];
  const tracked = [...new Set((Array.isArray(snapshot.coins) ? snapshot.coins : []).filter((c) => typeof c === 'string' && c.length > 0))];
  const coins = scope.kind === 'market' ? tracked : [scope.coin];
  const focusCoin = scope.kind === 'coin' ? scope.coin : tracked.includes(opts.focusCoin) ? opts.focusCoin : (tracked[0] ?? opts.focusCoin);
  const benchCoin = scope.kind === 'market' ? focusCoin : scope.coin === opts.focusCoin ? undefined : opts.focusCoin;

  const tickersPart = partValue(snapshot.tickers, 'tickers', gaps);
  const tickers: Record<string, Ticker> = tickersPart && typeof tickersPart.value === 'object' ? tickersPart.value : {};
  const hourlyCache = new Map<string, { candles: Candle[]; source: string }>();
  const hourlyOf = (coin: string) => {
    let h = hourlyCache.get(coin);
    if (!h) {
      h = freshCandles(snapshot.hourly?.[coin], HOUR, now, opts.maxAgeMs.hourly, `${coin} hourly candles`, gaps);
      hourlyCache.set(coin, h);
    }
    return h;
  };
  const moveOf = (coin: string) => {
    const h = hourlyOf(coin);
    return coinMove({
      coin,
      ticker: tickers[coin],
      tickerSource: tickersPart?.source ?? '',
      hourly: h.candles,
      hourlySource: h.source,
      now,
      tickerMaxAgeMs: opts.maxAgeMs.ticker,
    });
  };

  const coinFacts: CoinFacts[] = coins.map((coin) => ({ coin, ...moveOf(coin), movedMore: false }));
  const focus = coinFacts.find((c) => c.coin === focusCoin) ?? { coin: focusCoin, ...moveOf(focusCoin), movedMore: false };
  const benchmark: CoinFacts | undefined =
    benchCoin === undefined ? undefined : (coinFacts.find((c) => c.coin === benchCoin) ?? { coin: benchCoin, ...moveOf(benchCoin), movedMore: false });

  const basket =
    scope.kind === 'market'
      ? basketChange(coins, Object.fromEntries(coinFacts.map((c) => [c.coin, c.change24h])), opts.basketWeights)
      : undefined;
  const move: Fact | undefined =
    basket && basket.coins.length >= 2 ? basket.change24h : (focus.change24h ?? basket?.change24h);
  const regime =
    scope.kind === 'market' ? marketRegime(move?.value, focus.change24h?.value, opts.regime) : classifyRegime(move?.value, opts.regime);
  const direction = directionOf(regime);

  // Each coin against the benchmark.
  if (benchmark) {
    const bh = hourlyOf(benchmark.coin);
    for (const c of coinFacts) {
      if (c.coin === benchmark.coin) continue;
      const h = hourlyOf(c.coin);
      Object.assign(
        c,
        compareWithBenchmark({
          coin: c.coin,
          change: c.change24h,
          hourly: h.candles,
          hourlySource: h.source,
          benchmark: benchmark.coin,
          benchmarkChange: benchmark.change24h,
          benchmarkHourly: bh.candles,
          direction,
          opts: opts.alts,
        }),
      );
    }
  }

  // Levels and extremes of the focus coin.
  const fh = hourlyOf(focus.coin);
  const fd = freshCandles(snapshot.daily?.[focus.coin], DAY, now, opts.maxAgeMs.daily, `${focus.coin} daily candles`, gaps);
  const lastHourly = fh.candles[fh.candles.length - 1];
  const lastDaily = fd.candles[fd.candles.length - 1];
  const candleAsOf = Math.max(lastHourly ? lastHourly.t + HOUR : -Infinity, lastDaily ? lastDaily.t + DAY : -Infinity);
  const levelSource = `computed from ${[fh.candles.length ? fh.source : '', fd.candles.length ? fd.source : ''].filter(Boolean).join(' and ')} (swing clusters and round numbers)`;
  const levels =
    focus.price && Number.isFinite(candleAsOf)
      ? findLevels(
          { price: focus.price.value, hourly: fh.candles, daily: fd.candles, now, opts: opts.levels },
          focus.change24h ? focus.price.value / (1 + focus.change24h.value / 100) : undefined,
          { coin: focus.coin, source: levelSource, asOf: candleAsOf },
        )
      : { supports: [] };
  const extreme = focus.price
    ? extremeSince({ coin: focus.coin, price: focus.price, direction, daily: fd.candles, dailySource: fd.source, now, opts: opts.extremes })
    : undefined;

  const altCorrs = coinFacts.filter((c) => c.coin !== benchmark?.coin && c.correlation).map((c) => c.correlation!);
  const altCorrelation =
    scope.kind === 'market' && altCorrs.length > 0
      ? fact('alts.correlation', `Mean correlation of alts with ${focus.coin}`, mean(altCorrs.map((c) => c.value)), 'coefficient', altCorrs[0]!.source, Math.min(...altCorrs.map((c) => c.asOf)))
      : undefined;

  const firstHourly = fh.candles[0];
  const hourlyDays =
    firstHourly && lastHourly
      ? fact(`${focus.coin}.hourlyDays`, `Days of ${focus.coin} hourly history`, Math.round((lastHourly.t + HOUR - firstHourly.t) / DAY), 'days', `computed from ${fh.source}`, lastHourly.t + HOUR)
      : undefined;

  const openInterest = openInterestFacts({ coins, parts: snapshot.openInterest ?? {}, now, maxAgeMs: opts.maxAgeMs.openInterest, gaps });
  const funding = fundingFacts({ coins, part: snapshot.funding, now, maxAgeMs: opts.maxAgeMs.funding, gaps });
  const liquidations = liquidationFacts({
    part: snapshot.liquidations,
    scope,
    focusCoin: focus.coin,
    direction,
    now,
    maxAgeMs: opts.maxAgeMs.liquidations,
    minBaselineDays: opts.liquidations.minBaselineDays,
    gaps,
  });
  const volatility = volatilityFacts({ coin: focus.coin, hourly: fh.candles, hourlySource: fh.source, change24h: focus.change24h, opts: opts.volatility });
  const sentiment = sentimentFacts(snapshot.sentiment, now, opts.maxAgeMs.sentiment, gaps);
  const holders = holderFacts(snapshot.holders, Object.fromEntries(coinFacts.map((c) => [c.coin, c.price])), now, opts.maxAgeMs.holders, gaps);

  const breadthAll = breadthFacts(snapshot.breadth, now, opts.maxAgeMs.ticker, gaps);
  // A per-coin article keeps the cross-asset references but not the market-wide counts.
  const breadth = breadthAll && scope.kind === 'coin' ? (breadthAll.references.length ? { references: breadthAll.references } : undefined) : breadthAll;

  const replayAt = snapshot.replay && isNum(snapshot.replay.at) ? fact('replay.at', 'Replayed moment', snapshot.replay.at, 'datetime', 'replay of recorded market data', snapshot.replay.at) : undefined;
  const priceTimes = coinFacts.map((c) => c.price?.asOf).filter(isNum);
  const dataAsOf = priceTimes.length ? fact('data.asOf', 'Market data time', Math.max(...priceTimes), 'datetime', focus.price?.source ?? coinFacts.find((c) => c.price)!.price!.source, Math.max(...priceTimes)) : undefined;

  const base = {
    scope,
    asOf: now,
    exchange: String(snapshot.exchange ?? ''),
    exchangeName: String(snapshot.exchangeName ?? snapshot.exchange ?? ''),
    replayAt,
    dataAsOf,
    regime,
    direction,
    move,
    focus,
    coins: coinFacts,
    benchmark,
    basket,
    levels,
    extreme,
    altCorrelation,
    hourlyDays,
    openInterest,
    funding,
    liquidations,
    volatility,
    sentiment,
    holders,
    breadth,
  };
  const drivers = rankDrivers(base, opts.drivers);
  const typical = volatility?.typicalDayPct.value;
  const moveSigma = move && typical && typical > 0 && move.value > -100 ? Math.abs(Math.log(1 + move.value / 100)) / (typical / 100) : undefined;
  const withinNormal =
    drivers.length === 0 && (regime === 'flat' || (moveSigma !== undefined && moveSigma <= opts.volatility.normalMoveSigma));
  const facts: Facts = { ...base, drivers, withinNormal, sources: [], gaps };
  facts.sources = [...new Set(collectFacts(facts).map((f) => f.source))];
  return facts;
}
