// The calendar periods readers quote: the change since the year and the month began, a run of losing or winning weeks,
// the 50- and 200-day averages with the price's distance to them, and a cross between the two averages when it
// has just happened. Each figure is stated only when the daily data covers it (no candle missing).
import type { Candle } from '../gather/types.ts';
import { fact, type Fact } from './fact.ts';
import { DAY } from './spans.ts';

/** The change since a calendar period began (year to date, month to date). */
export interface PeriodChange {
  /** Percent from the period's opening price to the price now. */
  change: Fact;
  /** The price the period opened at (00:00 UTC of its first day). */
  open: Fact;
  /** The first day of the period (a `date`). */
  start: Fact;
}

/** A run of closed calendar weeks (Monday 00:00 to Monday 00:00 UTC) that closed lower (or higher) than they opened. */
export interface WeekRun {
  kind: 'losing' | 'winning';
  /** How many weeks in a row, two or more (a `count`). */
  weeks: Fact;
  /** The last day of the last closed week (a Sunday, a `date`). */
  lastWeekEnd: Fact;
  /** That week's change, percent. */
  lastWeekChange: Fact;
}

/** A simple moving average of daily closes and where the price sits against it. */
export interface MovingAverage {
  /** How many daily closes it averages (50 or 200, a `days` fact). */
  days: Fact;
  value: Fact;
  /** Percent from the average to the price now (negative: below it). */
  distance: Fact;
}

/** The 50-day average crossed the 200-day one within the last week. */
export interface AverageCross {
  /** `below`: the 50-day fell below the 200-day; `above`: it rose above it. */
  side: 'below' | 'above';
  /** The UTC day whose close made the cross (a `date`). */
  day: Fact;
}

/** The calendar periods of the focus coin. */
export interface PeriodFacts {
  yearToDate?: PeriodChange | undefined;
  monthToDate?: PeriodChange | undefined;
  weeks?: WeekRun | undefined;
  /** The 50- and 200-day averages, those the data covers. */
  averages: MovingAverage[];
  cross?: AverageCross | undefined;
}

/** What the periods read: closed daily and hourly candles (oldest first) and the price now. */
export interface PeriodInputs {
  coin: string;
  daily: readonly Candle[];
  dailySource: string;
  hourly: readonly Candle[];
  hourlySource: string;
  /** The price the article states, with its time (the calendar measures to it). */
  price: Fact | undefined;
}

/** Moving averages whybot states, in days. */
export const AVERAGE_DAYS = [50, 200] as const;
/** A cross between the averages is news for this long after the close that made it. */
export const CROSS_NEWS_DAYS = 7;

const pct = (from: number, to: number) => (to / from - 1) * 100;
const WEEKDAY_MONDAY = 1;

/** 00:00 UTC of the Monday of the week holding `t`. */
export function weekStart(t: number): number {
  const day = Math.floor(t / DAY) * DAY;
  const weekday = new Date(day).getUTCDay();
  return day - ((weekday - WEEKDAY_MONDAY + 7) % 7) * DAY;
}

/** The open of the period starting at `start`: the daily candle opening then, else the hourly one. */
function openAt(inp: PeriodInputs, start: number): { price: number; source: string } | undefined {
  const d = inp.daily.find((c) => c.t === start);
  if (d) return { price: d.o, source: inp.dailySource };
  const h = inp.hourly.find((c) => c.t === start);
  return h ? { price: h.o, source: inp.hourlySource } : undefined;
}

function periodChange(inp: PeriodInputs, start: number, name: string): PeriodChange | undefined {
  const price = inp.price;
  if (!price || price.asOf <= start) return undefined;
  const open = openAt(inp, start);
  if (!open) return undefined;
  const id = `${inp.coin}.${name}`;
  const span = { from: start, to: price.asOf };
  const change = fact(
    id,
    `${inp.coin} change ${name === 'ytd' ? 'since the year began' : 'since the month began'}`,
    pct(open.price, price.value),
    'pct',
    `computed from ${open.source} and ${price.source}`,
    price.asOf,
    span,
  );
  const o = fact(`${id}.open`, `${inp.coin} opening price of the period`, open.price, 'price', open.source, start);
  const s = fact(`${id}.start`, `First day of the period`, start, 'date', open.source, start);
  return change && o && s ? { change, open: o, start: s } : undefined;
}

/** Closed calendar weeks built from complete runs of seven daily candles, oldest first. */
export function closedWeeks(daily: readonly Candle[]): Candle[] {
  const weeks: Candle[] = [];
  let days: Candle[] = [];
  const flush = () => {
    if (days.length === 7) {
      weeks.push({
        t: days[0]!.t,
        o: days[0]!.o,
        h: Math.max(...days.map((c) => c.h)),
        l: Math.min(...days.map((c) => c.l)),
        c: days[6]!.c,
        v: days.reduce((s, c) => s + c.v, 0),
      });
    }
    days = [];
  };
  for (const c of daily) {
    const start = weekStart(c.t);
    if (days.length > 0 && weekStart(days[0]!.t) !== start) flush();
    // a missing day inside the week leaves the week incomplete
    if (days.length > 0 && c.t - days[days.length - 1]!.t !== DAY) days = [];
    if (days.length === 0 && c.t !== start) continue;
    days.push(c);
  }
  flush();
  return weeks;
}

function weekRun(inp: PeriodInputs): WeekRun | undefined {
  const weeks = closedWeeks(inp.daily);
  const last = weeks[weeks.length - 1];
  if (!last || last.c === last.o) return undefined;
  const kind = last.c < last.o ? 'losing' : 'winning';
  let n = 0;
  for (let i = weeks.length - 1; i >= 0; i--) {
    const w = weeks[i]!;
    if (i < weeks.length - 1 && weeks[i + 1]!.t - w.t !== 7 * DAY) break;
    if (kind === 'losing' ? w.c < w.o : w.c > w.o) n++;
    else break;
  }
  if (n < 2) return undefined;
  const end = last.t + 7 * DAY;
  const src = `computed from ${inp.dailySource}`;
  const span = { from: weeks[weeks.length - n]!.t, to: end };
  const weeksFact = fact(`${inp.coin}.weekRun`, `${inp.coin} ${kind} weeks in a row`, n, 'count', src, end, span);
  const lastEnd = fact(`${inp.coin}.weekRun.end`, 'Last day of the last closed week', end - DAY, 'date', src, end);
  const change = fact(
    `${inp.coin}.weekRun.change`,
    `${inp.coin} change over the last closed week`,
    pct(last.o, last.c),
    'pct',
    src,
    end,
    { from: last.t, to: end },
  );
  return weeksFact && lastEnd && change
    ? { kind, weeks: weeksFact, lastWeekEnd: lastEnd, lastWeekChange: change }
    : undefined;
}

/** The mean close of the `days` daily candles ending with index `end` (inclusive), when they are consecutive. */
export function averageClose(daily: readonly Candle[], end: number, days: number): number | undefined {
  const first = end - days + 1;
  if (first < 0 || end >= daily.length) return undefined;
  if (daily[end]!.t - daily[first]!.t !== (days - 1) * DAY) return undefined;
  let sum = 0;
  for (let i = first; i <= end; i++) sum += daily[i]!.c;
  return sum / days;
}

function averages(inp: PeriodInputs): MovingAverage[] {
  const price = inp.price;
  const d = inp.daily;
  const last = d[d.length - 1];
  if (!price || !last) return [];
  const end = last.t + DAY;
  const out: MovingAverage[] = [];
  for (const days of AVERAGE_DAYS) {
    const avg = averageClose(d, d.length - 1, days);
    if (avg === undefined) continue;
    const span = { from: end - days * DAY, to: end };
    const src = `computed from ${inp.dailySource}`;
    const value = fact(`${inp.coin}.sma${days}`, `${inp.coin} ${days}-day average close`, avg, 'price', src, end, span);
    const distance = fact(
      `${inp.coin}.sma${days}.distance`,
      `${inp.coin} price against its ${days}-day average`,
      pct(avg, price.value),
      'pct',
      `${src} and ${price.source}`,
      price.asOf,
      span,
    );
    const n = fact(`${inp.coin}.sma${days}.days`, 'Daily closes averaged', days, 'days', src, end, span);
    if (value && distance && n) out.push({ days: n, value, distance });
  }
  return out;
}

function cross(inp: PeriodInputs): AverageCross | undefined {
  const d = inp.daily;
  const [fast, slow] = AVERAGE_DAYS;
  const sign = (i: number) => {
    const a = averageClose(d, i, fast);
    const b = averageClose(d, i, slow);
    return a === undefined || b === undefined || a === b ? undefined : a > b ? 1 : -1;
  };
  const lastIndex = d.length - 1;
  const now = sign(lastIndex);
  if (now === undefined) return undefined;
  for (let i = lastIndex; i > lastIndex - CROSS_NEWS_DAYS && i > 0; i--) {
    const before = sign(i - 1);
    if (before === undefined) return undefined;
    if (before !== now) {
      const src = `computed from ${inp.dailySource}`;
      const day = fact(
        `${inp.coin}.smaCross`,
        '50-day average crossed the 200-day',
        d[i]!.t,
        'date',
        src,
        d[i]!.t + DAY,
      );
      return day ? { side: now < 0 ? 'below' : 'above', day } : undefined;
    }
  }
  return undefined;
}

/** The period facts, or undefined when the data covers none of them. */
export function periodFacts(inp: PeriodInputs): PeriodFacts | undefined {
  const at = inp.price?.asOf;
  if (at === undefined) return undefined;
  const date = new Date(at);
  const year = Date.UTC(date.getUTCFullYear(), 0, 1);
  const month = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const out: PeriodFacts = {
    yearToDate: periodChange(inp, year, 'ytd'),
    // On the year's first month the two are one figure.
    monthToDate: month === year ? undefined : periodChange(inp, month, 'mtd'),
    weeks: weekRun(inp),
    averages: averages(inp),
    cross: cross(inp),
  };
  return out.yearToDate || out.monthToDate || out.weeks || out.averages.length || out.cross ? out : undefined;
}
