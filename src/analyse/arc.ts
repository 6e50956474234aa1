// The longer arc of the focus coin: the week and the month (each with its real span of data), the drawdown from
// the highest price in the data, a run of losing or winning days, and where the price sits in its range.
import type { Candle } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { ArcFacts } from './facts.ts';
import { dataWindow, DAY, HOUR, spanDays, windowFigure, windowOf } from './spans.ts';

/** What the arc reads: closed hourly and daily candles, oldest first. */
export interface ArcInputs {
  coin: string;
  hourly: Candle[];
  hourlySource: string;
  daily: Candle[];
  dailySource: string;
}

const pct = (a: number, b: number) => (b / a - 1) * 100;

/** The change over a window of hourly data ending at the last close; stated with its real span or left out. */
function change(inp: ArcInputs, windowMs: number, minDays: number, name: string) {
  const last = inp.hourly[inp.hourly.length - 1]!;
  const end = last.t + HOUR;
  const w = windowOf(inp.hourly, HOUR, end, windowMs);
  if (!w || w.span.to - w.span.from < minDays * DAY) return undefined;
  const value = fact(
    `${inp.coin}.change.${name}`,
    `${inp.coin} change over the ${name}`,
    pct(w.candles[0]!.o, last.c),
    'pct',
    `computed from ${inp.hourlySource}`,
    end,
    w.span,
  );
  return windowFigure(value, w.span, windowMs, w.full);
}

/** The arc, or undefined without hourly candles. */
export function arcFacts(inp: ArcInputs): ArcFacts | undefined {
  const last = inp.hourly[inp.hourly.length - 1];
  if (!last) return undefined;
  const { coin } = inp;
  const end = last.t + HOUR;
  const price = last.c;
  const out: ArcFacts = {};

  out.week = change(inp, 7 * DAY, 3, 'week');
  const month = change(inp, 30 * DAY, 10, 'month');
  // A "month" made of the same data as the week says nothing new.
  if (month && (!out.week || month.span.from < out.week.span.from)) out.month = month;

  // The highest price in all the data (intraday highs of hourly and daily candles).
  const all = [...inp.daily, ...inp.hourly];
  const first = Math.min(...all.map((c) => c.t));
  const top = all.reduce((a, c) => (c.h > a.h ? c : a));
  const dataSpan = { from: first, to: end };
  const dataDays = spanDays(dataSpan);
  if (top.h > price * 1.02 && end - (top.t + DAY) > 0 && dataDays >= 7) {
    const src = inp.daily.includes(top) ? inp.dailySource : inp.hourlySource;
    const p = fact(`${coin}.peak`, `${coin} highest price in the data`, top.h, 'price', src, end, dataSpan);
    const at = fact(`${coin}.peakAt`, `${coin} day of the highest price in the data`, top.t, 'date', src, end);
    const drawdown = fact(
      `${coin}.drawdown`,
      `${coin} below the highest price in the data`,
      pct(top.h, price),
      'pct',
      `computed from ${src}`,
      end,
      dataSpan,
    );
    const days = fact(
      `${coin}.peak.dataDays`,
      `Days of ${coin} data the peak is the highest of`,
      dataDays,
      'days',
      `computed from ${src}`,
      end,
      dataSpan,
    );
    if (p && at && drawdown && days) out.peak = { price: p, at, drawdown, dataDays: days };
  }

  // Consecutive closed UTC days that closed lower (or higher) than they opened.
  const d = inp.daily;
  const lastDay = d[d.length - 1];
  if (lastDay) {
    const kind = lastDay.c < lastDay.o ? 'losing' : lastDay.c > lastDay.o ? 'winning' : undefined;
    let n = 0;
    for (let i = d.length - 1; kind && i >= 0; i--) {
      const c = d[i]!;
      if (i < d.length - 1 && d[i + 1]!.t - c.t !== DAY) break;
      if (kind === 'losing' ? c.c < c.o : c.c > c.o) n++;
      else break;
    }
    const span = { from: d[d.length - n]?.t ?? lastDay.t, to: lastDay.t + DAY };
    const days =
      kind && n >= 3
        ? fact(
            `${coin}.run`,
            `${coin} ${kind} days in a row`,
            n,
            'days',
            `computed from ${inp.dailySource}`,
            lastDay.t + DAY,
            span,
          )
        : undefined;
    if (kind && days) out.run = { kind, days };
  }

  // Where the price sits between the low and the high of the hourly data (up to 30 days).
  const w = windowOf(inp.hourly, HOUR, end, 30 * DAY);
  if (w && w.span.to - w.span.from >= 7 * DAY) {
    const lo = Math.min(...w.candles.map((c) => c.l));
    const hi = Math.max(...w.candles.map((c) => c.h));
    const src = `computed from ${inp.hourlySource}`;
    const window = dataWindow(`${coin}.range30`, w.span, 30 * DAY, w.full, src);
    const position =
      hi > lo
        ? fact(
            `${coin}.range30.position`,
            `${coin} place in its range`,
            ((price - lo) / (hi - lo)) * 100,
            'share',
            src,
            end,
            w.span,
          )
        : undefined;
    const low = fact(`${coin}.range30.low`, `${coin} low of the range`, lo, 'price', inp.hourlySource, end, w.span);
    const high = fact(`${coin}.range30.high`, `${coin} high of the range`, hi, 'price', inp.hourlySource, end, w.span);
    if (window && position && low && high) out.range = { position, low, high, window };
  }
  return out.week || out.month || out.peak || out.run || out.range ? out : undefined;
}
