// The article's frame: exchange, replay moment, data time, days of history, and market breadth for the scope.
import { breadthFacts } from './breadth.ts';
import { fact, type Fact } from './fact.ts';
import type { BreadthFacts } from './facts.ts';
import { isNum } from './fresh.ts';
import type { MovesFacts } from './market-moves.ts';
import { HOUR } from './spans.ts';
import type { MarketView } from './view.ts';

/** Names and times around the article. */
export interface MetaFacts {
  exchange: string;
  exchangeName: string;
  replayAt?: Fact | undefined;
  dataAsOf?: Fact | undefined;
  hourlyDays?: Fact | undefined;
}

/** The frame facts. */
export function metaFacts(view: MarketView, moves: MovesFacts): MetaFacts {
  const { snapshot } = view;
  const fh = view.hourly(moves.focus.coin).candles;
  const first = fh[0];
  const last = fh[fh.length - 1];
  const replayAt =
    snapshot.replay && isNum(snapshot.replay.at)
      ? fact(
          'replay.at',
          'Replayed moment',
          snapshot.replay.at,
          'datetime',
          'replay of recorded market data',
          snapshot.replay.at,
        )
      : undefined;
  const priced = moves.coins.filter((c) => c.price);
  const times = priced.map((c) => c.price!.asOf);
  const dataAsOf = times.length
    ? fact(
        'data.asOf',
        'Market data time',
        Math.max(...times),
        'datetime',
        moves.focus.price?.source ?? priced[0]!.price!.source,
        Math.max(...times),
      )
    : undefined;
  const span = first && last ? { from: first.t, to: last.t + HOUR } : undefined;
  const hourlyDays =
    span && span.to - span.from >= 86_400_000
      ? fact(
          `${moves.focus.coin}.hourlyDays`,
          `Days of ${moves.focus.coin} hourly history`,
          Math.floor((span.to - span.from) / 86_400_000),
          'days',
          `computed from ${view.hourly(moves.focus.coin).source}`,
          span.to,
          span,
        )
      : undefined;
  return {
    exchange: String(snapshot.exchange ?? ''),
    exchangeName: String(snapshot.exchangeName ?? snapshot.exchange ?? ''),
    replayAt,
    dataAsOf,
    hourlyDays,
  };
}

/** Breadth across the exchange; a per-coin article keeps the cross-asset references but not the market-wide counts. */
export function breadthSection(view: MarketView): BreadthFacts | undefined {
  const all = breadthFacts(view.snapshot.breadth, view.now, view.opts.maxAgeMs.ticker, view.gaps);
  if (all && view.scope.kind === 'coin') return all.references.length ? { references: all.references } : undefined;
  return all;
}
