// The past 24 hours from the finest candles available: the intraday high and low (the wick), when they were
// made, how far the price has come back off the low, and the real span of data behind them.
import type { Candle } from '../gather/types.ts';
import { fact, type Fact } from './fact.ts';
import type { DayRangeFacts } from './facts.ts';
import { dataWindow, DAY, HOUR, windowFigure, windowOf } from './spans.ts';

/** What the day's range reads: closed hourly candles (oldest first) and the price now. */
export interface DayRangeInputs {
  coin: string;
  hourly: Candle[];
  source: string;
  price?: Fact | undefined;
}

/** Percent from `a` to `b`. */
const pct = (a: number, b: number) => (b / a - 1) * 100;

/** The day's range, or undefined without hourly candles in the past 24 hours of data. */
export function dayRangeFacts(inp: DayRangeInputs): DayRangeFacts | undefined {
  const last = inp.hourly[inp.hourly.length - 1];
  if (!last || !inp.price) return undefined;
  const end = last.t + HOUR;
  const w = windowOf(inp.hourly, HOUR, end, DAY);
  if (!w) return undefined;
  const { coin } = inp;
  const source = `computed from ${inp.source}`;
  const span = w.span;
  const hi = w.candles.reduce((a, c) => (c.h > a.h ? c : a));
  const lo = w.candles.reduce((a, c) => (c.l < a.l ? c : a));
  const high = fact(`${coin}.range.high`, `${coin} intraday high`, hi.h, 'price', inp.source, end, span);
  const low = fact(`${coin}.range.low`, `${coin} intraday low`, lo.l, 'price', inp.source, end, span);
  const highAt = fact(`${coin}.range.highAt`, `${coin} hour of the intraday high`, hi.t, 'datetime', inp.source, end);
  const lowAt = fact(`${coin}.range.lowAt`, `${coin} hour of the intraday low`, lo.t, 'datetime', inp.source, end);
  const price = inp.price.value;
  const lenFig = dataWindow(`${coin}.range`, span, DAY, w.full, source);
  if (!high || !low || !highAt || !lowAt || !lenFig) return undefined;
  const rebound =
    price > lo.l * 1.001
      ? fact(
          `${coin}.range.rebound`,
          `${coin} rebound off the intraday low`,
          pct(lo.l, price),
          'pct',
          source,
          inp.price.asOf,
          span,
        )
      : undefined;
  const offHigh =
    price < hi.h * 0.999
      ? fact(
          `${coin}.range.offHigh`,
          `${coin} below the intraday high`,
          pct(hi.h, price),
          'pct',
          source,
          inp.price.asOf,
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
  return { high, highAt, low, lowAt, rebound, offHigh, window: lenFig, change };
}
