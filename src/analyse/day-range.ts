// The past 24 hours from the one price path (the finest candles for each part of the day): the intraday high and
// low (the wick), when they were made and by which candle, how far the price has come back off the low, and the
// real span of data behind them. The price now always lies inside the range stated.
import { fact, type Fact } from './fact.ts';
import type { DayRangeFacts, DaySwing } from './facts.ts';
import { pathWindow, worstLeg, type PathCandle } from './price-path.ts';
import { dataWindow, DAY, windowFigure } from './spans.ts';

/** What the day's range reads: the coin's price path (oldest first) and the price now. */
export interface DayRangeInputs {
  coin: string;
  path: readonly PathCandle[];
  price?: Fact | undefined;
}

/** Percent from `a` to `b`. */
const pct = (a: number, b: number) => (b / a - 1) * 100;

/** "computed from A and B": the distinct sources of some candles. */
export function computedFrom(candles: readonly PathCandle[]): string {
  return `computed from ${[...new Set(candles.map((c) => c.source))].join(' and ')}`;
}

/** An extreme of the day: the price, when it was made and how long the candle that made it was (0: the price now). */
interface Extreme {
  value: number;
  at: number;
  ms: number;
  source: string;
}

/** The day's range, or undefined without candles in the past 24 hours of data. */
export function dayRangeFacts(inp: DayRangeInputs): DayRangeFacts | undefined {
  const last = inp.path[inp.path.length - 1];
  if (!last || !inp.price) return undefined;
  const end = last.t + last.ms;
  const w = pathWindow(inp.path, end, DAY);
  if (!w) return undefined;
  const { coin } = inp;
  const source = computedFrom(w.candles);
  const span = w.span;
  const hiC = w.candles.reduce((a, c) => (c.h > a.h ? c : a));
  const loC = w.candles.reduce((a, c) => (c.l < a.l ? c : a));
  let hi: Extreme = { value: hiC.h, at: hiC.t, ms: hiC.ms, source: hiC.source };
  let lo: Extreme = { value: loC.l, at: loC.t, ms: loC.ms, source: loC.source };
  // A price newer than the last closed candle that traded beyond the candles' range is itself the low (high).
  const p = inp.price;
  if (p.asOf >= end && p.value < lo.value) lo = { value: p.value, at: p.asOf, ms: 0, source: p.source };
  if (p.asOf >= end && p.value > hi.value) hi = { value: p.value, at: p.asOf, ms: 0, source: p.source };
  const high = fact(`${coin}.range.high`, `${coin} intraday high`, hi.value, 'price', hi.source, end, span);
  const low = fact(`${coin}.range.low`, `${coin} intraday low`, lo.value, 'price', lo.source, end, span);
  const highAt = fact(`${coin}.range.highAt`, `${coin} time of the intraday high`, hi.at, 'datetime', hi.source, end);
  const lowAt = fact(`${coin}.range.lowAt`, `${coin} time of the intraday low`, lo.at, 'datetime', lo.source, end);
  const price = p.value;
  const lenFig = dataWindow(`${coin}.range`, span, DAY, w.full, source);
  if (!high || !low || !highAt || !lowAt || !lenFig) return undefined;
  const rebound =
    price > lo.value * 1.001
      ? fact(
          `${coin}.range.rebound`,
          `${coin} rebound off the intraday low`,
          pct(lo.value, price),
          'pct',
          source,
          p.asOf,
          span,
        )
      : undefined;
  const offHigh =
    price < hi.value * 0.999
      ? fact(
          `${coin}.range.offHigh`,
          `${coin} below the intraday high`,
          pct(hi.value, price),
          'pct',
          source,
          p.asOf,
          span,
        )
      : undefined;
  const first = w.candles[0]!;
  const change = windowFigure(
    fact(
      `${coin}.range.change`,
      `${coin} change over the data of the past day`,
      pct(first.o, last.c),
      'pct',
      source,
      end,
      span,
    ),
    span,
    DAY,
    w.full,
  );
  // The deepest fall (peak to later trough) and the largest rise (trough to later peak) inside the day.
  const swing = (down: boolean): DaySwing | undefined => {
    const leg = worstLeg(w.candles, down);
    if (!leg) return undefined;
    const a = w.candles[leg.i]!;
    const b = w.candles[leg.j]!;
    const name = down ? 'maxFall' : 'maxRise';
    const legSpan = { from: a.t, to: b.t + b.ms };
    const fromP = down ? a.h : a.l;
    const toP = down ? b.l : b.h;
    const pctF = fact(
      `${coin}.range.${name}`,
      `${coin} ${down ? 'deepest fall from a high to a later low' : 'largest rise from a low to a later high'} within the day`,
      pct(fromP, toP),
      'pct',
      source,
      end,
      legSpan,
    );
    const from = fact(
      `${coin}.range.${name}.from`,
      `${coin} price the ${name} began at`,
      fromP,
      'price',
      a.source,
      end,
    );
    const to = fact(`${coin}.range.${name}.to`, `${coin} price the ${name} reached`, toP, 'price', b.source, end);
    const fromAt = fact(
      `${coin}.range.${name}.fromAt`,
      `${coin} time the ${name} began`,
      a.t,
      'datetime',
      a.source,
      end,
    );
    const toAt = fact(`${coin}.range.${name}.toAt`, `${coin} time the ${name} ended`, b.t, 'datetime', b.source, end);
    return pctF && from && to && fromAt && toAt
      ? { pct: pctF, from, to, fromAt, toAt, fromMs: a.ms, toMs: b.ms }
      : undefined;
  };
  const maxFall = swing(true);
  const maxRise = swing(false);
  return {
    high,
    highAt,
    highMs: hi.ms,
    low,
    lowAt,
    lowMs: lo.ms,
    rebound,
    offHigh,
    window: lenFig,
    change,
    maxFall,
    maxRise,
  };
}
