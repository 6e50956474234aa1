// The analysis entry points: a snapshot in, Facts out, for the whole market or for one coin. Pure: the time
// is options.now (default: the snapshot's builtAt), and nothing here reads a clock, a file or the network.
// The snapshot is checked once (view.ts); each section of the Facts is then built by its own small builder.
import type { MarketSnapshot } from '../gather/types.ts';
import { altFacts } from './alts.ts';
import { arcFacts } from './arc.ts';
import { collectFacts } from './collect.ts';
import { gapFacts, lackingSources } from './data-gaps.ts';
import { dayRangeFacts } from './day-range.ts';
import { causeOf } from './cause.ts';
import { readingsOf } from './readings.ts';
import { rankDrivers } from './drivers.ts';
import { perpSpotFacts } from './perp-spot.ts';
import { dayRegime, directionOf, intradayFacts } from './regime.ts';
import { extremeSince } from './extremes.ts';
import type { Facts, Scope } from './facts.ts';
import { fundingFacts } from './funding.ts';
import { holderFacts } from './holders.ts';
import { levelFacts } from './level-section.ts';
import { liquidationStandouts } from './liquidation-coins.ts';
import { liquidationFacts } from './liquidations.ts';
import { marketLeverageFacts } from './market-leverage.ts';
import { marketMoves } from './market-moves.ts';
import { moveWindow } from './move-window.ts';
import { newsFacts } from './news.ts';
import { openInterestFacts } from './open-interest.ts';
import { resolveAnalysisOptions, type AnalysisOptionsInput } from './options.ts';
import { paceFacts } from './pace.ts';
import { roundCrossFacts } from './round-cross.ts';
import { sentimentFacts } from './sentiment.ts';
import { breadthSection, metaFacts } from './meta.ts';
import { calendarFacts } from './calendar.ts';
import { marketsFacts } from './markets.ts';
import { flowsFacts } from './flows.ts';
import { HISTORY_DEFAULTS, historyFacts } from './history.ts';
import { periodFacts } from './periods.ts';
import { viewOf, type MarketView } from './view.ts';
import { volatilityFacts } from './volatility.ts';
import { volumeFacts } from './volume.ts';

/** Analyse the whole tracked market (the `/why` article). */
export function analyseMarket(snapshot: MarketSnapshot, options: AnalysisOptionsInput = {}): Facts {
  const opts = resolveAnalysisOptions(options);
  const scope: Scope = opts.coin ? { kind: 'coin', coin: opts.coin.toUpperCase() } : { kind: 'market' };
  return analyse(viewOf(snapshot, scope, opts));
}

/** Analyse one coin (the `/why sol` article): its own levels, liquidations, open interest, funding and move against BTC. */
export function analyseCoin(snapshot: MarketSnapshot, coin: string, options: AnalysisOptionsInput = {}): Facts {
  return analyse(viewOf(snapshot, { kind: 'coin', coin: coin.toUpperCase() }, resolveAnalysisOptions(options)));
}

function analyse(view: MarketView): Facts {
  const { now, opts, snapshot, scope, coins, gaps } = view;
  const closeToClose = marketMoves(view);
  const { focus } = closeToClose;
  const fh = view.hourly(focus.coin);
  const fd = view.daily(focus.coin);
  const price = focus.price;

  const path = view.path(focus.coin);
  const dayRange = dayRangeFacts({ coin: focus.coin, path, price });
  // The regime reads both measures: the close-to-close change and the swing inside the day (regime.ts).
  const swing = intradayFacts(dayRange, focus.change24h?.value ?? closeToClose.move?.value, opts.regime);
  // A plunge never leads a day the close-to-close move calls up (the basket rose), nor a spike one it calls down.
  const baseDirection = directionOf(closeToClose.regime);
  const intraday =
    swing && !(swing.kind === 'plunge' ? baseDirection === 'up' : baseDirection === 'down') ? swing : undefined;
  const regime = dayRegime(closeToClose.regime, intraday, opts.regime);
  const direction = directionOf(regime);
  const moves = { ...closeToClose, regime, direction };
  const series = { hourly: fh.candles, hourlySource: fh.source, daily: fd.candles, dailySource: fd.source };
  const extreme = dayRange
    ? extremeSince({ coin: focus.coin, direction, dayRange, ...series, now, opts: opts.extremes })
    : undefined;
  // A fall that came after a record high the same day: the record is part of the story.
  const record =
    dayRange && direction === 'down'
      ? extremeSince({ coin: focus.coin, direction: 'flat', dayRange, ...series, now, opts: opts.extremes })
      : undefined;
  const recordBeforeFall = record?.kind === 'highest' ? record : undefined;
  const roundCross =
    dayRange && price
      ? roundCrossFacts({
          coin: focus.coin,
          price,
          direction,
          dayRange,
          ...series,
          now,
          minAgeDays: opts.extremes.minAgeDays,
        })
      : undefined;
  const pace = paceFacts({ coin: focus.coin, path, direction });
  const volume = volumeFacts({ coin: focus.coin, hourly: fh.candles, source: fh.source, pace });

  const liquidations = liquidationFacts({
    part: snapshot.liquidations,
    scope,
    focusCoin: focus.coin,
    now,
    maxAgeMs: opts.maxAgeMs.liquidations,
    minBaselineDays: opts.liquidations.minBaselineDays,
    gaps,
  });
  const base = {
    ...moves,
    ...metaFacts(view, moves),
    alts:
      scope.kind === 'market' && moves.benchmark
        ? altFacts({ coins: moves.coins, benchmark: moves.benchmark.coin, direction })
        : undefined,
    liquidationStandouts:
      scope.kind === 'market'
        ? liquidationStandouts({
            part: snapshot.liquidations,
            coins,
            focusCoin: focus.coin,
            now,
            maxAgeMs: opts.maxAgeMs.liquidations,
          })
        : undefined,
    levels: levelFacts(view, focus),
    extreme,
    recordBeforeFall,
    dayRange,
    intraday,
    perpSpot: perpSpotFacts({
      coin: focus.coin,
      path,
      spot: view.spot(focus.coin),
      direction,
      minGapPct: opts.regime.perpSpotGapPct,
    }),
    arc: arcFacts({ coin: focus.coin, ...series }),
    periods: periodFacts({ coin: focus.coin, ...series, price }),
    history: historyFacts({
      coin: focus.coin,
      daily: fd.candles,
      dailySource: fd.source,
      // Only a move the article's way: the headline's direction is the market's, the history the focus coin's.
      change24h:
        (direction === 'down' && (focus.change24h?.value ?? 0) < 0) ||
        (direction === 'up' && (focus.change24h?.value ?? 0) > 0)
          ? focus.change24h
          : undefined,
      price,
      low: dayRange?.low,
      high: dayRange?.high,
      ...HISTORY_DEFAULTS,
    }),
    pace,
    calendar: calendarFacts({
      part: snapshot.calendar,
      legStart: pace?.leg?.start.value,
      legEnd: pace?.leg?.end.value,
      burstStart: pace?.leg?.peakHour.value,
      burstEnd: pace?.leg?.burstSize.span?.to,
      now,
      gaps,
    }),
    markets: marketsFacts({
      part: snapshot.markets,
      from: pace?.leg?.start.value ?? now - 24 * 3_600_000,
      to: pace?.leg?.end.value ?? now,
      direction,
      gaps,
    }),
    flows: flowsFacts(snapshot.flows, now, gaps),
    volume,
    roundCross,
    dataGap: gapFacts(focus.coin, fh),
    lacking: lackingSources(snapshot, focus.coin),
    openInterest: openInterestFacts({
      coins,
      parts: snapshot.openInterest ?? {},
      now,
      maxAgeMs: opts.maxAgeMs.openInterest,
      gaps,
    }),
    funding: fundingFacts({ coins, part: snapshot.funding, now, maxAgeMs: opts.maxAgeMs.funding, gaps }),
    liquidations,
    marketLeverage:
      scope.kind === 'market'
        ? marketLeverageFacts({
            part: snapshot.marketLeverage,
            liquidations24h: liquidations?.day.total,
            now,
            maxAgeMs: opts.maxAgeMs.openInterest,
            gaps,
          })
        : undefined,
    volatility: volatilityFacts({
      coin: focus.coin,
      hourly: fh.candles,
      hourlySource: fh.source,
      change24h: focus.change24h,
      opts: opts.volatility,
    }),
    sentiment: sentimentFacts(snapshot.sentiment, now, opts.maxAgeMs.sentiment, gaps),
    holders: holderFacts(
      snapshot.holders,
      Object.fromEntries(moves.coins.map((c) => [c.coin, c.price])),
      now,
      opts.maxAgeMs.holders,
      gaps,
    ),
    breadth: breadthSection(view),
    news: newsFacts({
      part: snapshot.news,
      coin: focus.coin,
      move: moveWindow(pace, direction === 'down', snapshot.fine?.[focus.coin], fh.source),
      now,
    }),
  };
  const drivers = rankDrivers(base, opts.drivers);
  const cause = causeOf(base, opts.drivers);
  const readings = readingsOf(base, opts);
  // The same measure the article prints beside it: the move in percent over a normal day in percent.
  const typical = base.volatility?.typicalDayPct.value;
  const sigma = moves.move && typical && typical > 0 ? Math.abs(moves.move.value) / typical : undefined;
  const withinNormal =
    drivers.length === 0 &&
    (moves.regime === 'flat' || (sigma !== undefined && sigma <= opts.volatility.normalMoveSigma));
  const facts: Facts = { ...base, drivers, cause, readings, withinNormal, sources: [], gaps };
  facts.sources = [...new Set(collectFacts(facts).map((f) => f.source))];
  return facts;
}
