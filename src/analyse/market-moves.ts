// The moves section: every coin's price and 24h change, the focus coin and the benchmark, the basket, the
// headline move with its regime and direction, and each coin against the benchmark.
import { compareWithBenchmark } from './against-benchmark.ts';
import { basketChange } from './basket.ts';
import { coinMove } from './coin-moves.ts';
import { fact, type Fact } from './fact.ts';
import type { CoinFacts, Facts } from './facts.ts';
import { classifyRegime, directionOf, marketRegime } from './regime.ts';
import { mean } from './stats.ts';
import type { MarketView } from './view.ts';

/** What the moves section finds: these fields of Facts. */
export type MovesFacts = Pick<
  Facts,
  'scope' | 'asOf' | 'regime' | 'direction' | 'move' | 'focus' | 'coins' | 'benchmark' | 'basket' | 'altCorrelation'
>;

/** Prices, changes, basket, regime and the comparison with the benchmark. */
export function marketMoves(view: MarketView): MovesFacts {
  const { scope, now, opts, coins, focusCoin, benchCoin } = view;
  const moveOf = (coin: string): CoinFacts => {
    const h = view.hourly(coin);
    const m = coinMove({
      coin,
      ticker: view.tickers[coin],
      tickerSource: view.tickerSource,
      hourly: h.candles,
      hourlySource: h.source,
      now,
      tickerMaxAgeMs: opts.maxAgeMs.ticker,
    });
    return { coin, ...m, movedMore: false };
  };
  const coinFacts = coins.map(moveOf);
  const focus = coinFacts.find((c) => c.coin === focusCoin) ?? moveOf(focusCoin);
  const benchmark =
    benchCoin === undefined ? undefined : (coinFacts.find((c) => c.coin === benchCoin) ?? moveOf(benchCoin));

  const basket =
    scope.kind === 'market'
      ? basketChange(coins, Object.fromEntries(coinFacts.map((c) => [c.coin, c.change24h])), opts.basketWeights)
      : undefined;
  const move: Fact | undefined =
    basket && basket.coins.length >= 2 ? basket.change24h : (focus.change24h ?? basket?.change24h);
  const regime =
    scope.kind === 'market'
      ? marketRegime(move?.value, focus.change24h?.value, opts.regime)
      : classifyRegime(move?.value, opts.regime);
  const direction = directionOf(regime);

  if (benchmark) {
    const bh = view.hourly(benchmark.coin);
    for (const c of coinFacts) {
      if (c.coin === benchmark.coin) continue;
      const h = view.hourly(c.coin);
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
  const altCorrs = coinFacts.filter((c) => c.coin !== benchmark?.coin && c.correlation).map((c) => c.correlation!);
  const altCorrelation =
    scope.kind === 'market' && altCorrs.length > 0
      ? fact(
          'alts.correlation',
          `Mean correlation of alts with ${focus.coin}`,
          mean(altCorrs.map((c) => c.value)),
          'coefficient',
          altCorrs[0]!.source,
          Math.min(...altCorrs.map((c) => c.asOf)),
        )
      : undefined;
  return { scope, asOf: now, regime, direction, move, focus, coins: coinFacts, benchmark, basket, altCorrelation };
}
