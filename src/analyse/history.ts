// History over the whole daily record: "the biggest one-day fall since <date>", "the first daily close below $X
// since <date>", and, for a large move, the few past days most like this one and what the price did one and seven
// days after them. Stated as what happened then, never as a forecast.
import type { Candle } from '../gather/types.ts';
import { fact, type Fact } from './fact.ts';
import { roundSteps } from './levels.ts';
import { DAY, spanDays } from './spans.ts';

/** The past 24 hours' move against every earlier UTC day's close-to-close move. */
export interface BiggestMove {
  kind: 'fall' | 'rise';
  /** The 24-hour change being measured (the article's own figure). */
  change: Fact;
  /** The last day that closed with a bigger move the same way (a `date`); absent when none in the data. */
  since?: Fact | undefined;
  /** That day's close-to-close change. */
  sinceChange?: Fact | undefined;
  /** Days of daily data, when no earlier day moved more. */
  dataDays?: Fact | undefined;
}

/** The last daily close crossed a round number for the first time in a while. */
export interface CloseCross {
  side: 'below' | 'above';
  level: Fact;
  /** The UTC day of that close (a `date`). */
  day: Fact;
  /** The last earlier day that closed on that side (a `date`); absent when none in the data. */
  since?: Fact | undefined;
  dataDays?: Fact | undefined;
}

/** One past day like this one, and what followed it. */
export interface Analogue {
  /** The UTC day (a `date`). */
  day: Fact;
  /** Its close-to-close change, percent. */
  change: Fact;
  /** Its intraday extreme the day's way from the previous close, percent (the low on a fall, the high on a rise). */
  reach: Fact;
  /** The change from its close to the close one day later, and seven days later. */
  after1?: Fact | undefined;
  after7?: Fact | undefined;
}

/** The history facts of the focus coin. */
export interface HistoryFacts {
  biggest?: BiggestMove | undefined;
  closeCross?: CloseCross | undefined;
  analogues?:
    | {
        days: Analogue[];
        /** The first day of the daily data searched (a `date`). */
        from: Fact;
      }
    | undefined;
}

/** What history reads: closed daily candles (oldest first), the 24h change and the day's range. */
export interface HistoryInputs {
  coin: string;
  daily: readonly Candle[];
  dailySource: string;
  /** The article's 24-hour change of the coin (percent) and price; both needed for the move. */
  change24h: Fact | undefined;
  price: Fact | undefined;
  /** The past 24 hours' low and high. */
  low: Fact | undefined;
  high: Fact | undefined;
  /** A "since" date closer than this many days is not worth saying. */
  minAgeDays: number;
  /** A move at least this large (percent, either way) gets its analogues. */
  analogueMinPct: number;
  /** How many analogue days to name. */
  analogueCount: number;
}

/** A 24-hour move smaller than this (percent, either way) is not measured against history. */
export const BIGGEST_MIN_PCT = 3;

/** Defaults for the analogue search. */
export const HISTORY_DEFAULTS = { minAgeDays: 30, analogueMinPct: 5, analogueCount: 3 } as const;

const pct = (from: number, to: number) => (to / from - 1) * 100;

/** Daily close-to-close moves: each candle with the previous day's close (consecutive days only). */
function dailyMoves(daily: readonly Candle[]): Array<{ c: Candle; prev: number; index: number }> {
  const out: Array<{ c: Candle; prev: number; index: number }> = [];
  for (let i = 1; i < daily.length; i++) {
    if (daily[i]!.t - daily[i - 1]!.t === DAY) out.push({ c: daily[i]!, prev: daily[i - 1]!.c, index: i });
  }
  return out;
}

function biggestMove(inp: HistoryInputs): BiggestMove | undefined {
  const change = inp.change24h;
  if (!change || Math.abs(change.value) < BIGGEST_MIN_PCT) return undefined;
  const kind = change.value < 0 ? 'fall' : 'rise';
  const windowStart = change.asOf - DAY;
  const moves = dailyMoves(inp.daily).filter((m) => m.c.t + DAY <= windowStart);
  if (moves.length === 0) return undefined;
  const src = `computed from ${inp.dailySource}`;
  for (let i = moves.length - 1; i >= 0; i--) {
    const m = moves[i]!;
    const move = pct(m.prev, m.c.c);
    if (kind === 'fall' ? move <= change.value : move >= change.value) {
      if ((change.asOf - m.c.t) / DAY < inp.minAgeDays) return undefined;
      const since = fact(`${inp.coin}.biggestSince`, `Last day with a bigger ${kind}`, m.c.t, 'date', src, change.asOf);
      const sinceChange = fact(
        `${inp.coin}.biggestSince.change`,
        `${inp.coin} change on that day`,
        move,
        'pct',
        src,
        m.c.t + DAY,
        { from: m.c.t, to: m.c.t + DAY },
      );
      return since && sinceChange ? { kind, change, since, sinceChange } : undefined;
    }
  }
  const span = { from: inp.daily[0]!.t, to: windowStart };
  const days = spanDays(span);
  if (days < 365) return undefined; // "the biggest in a few months of data" says little
  const dataDays = fact(
    `${inp.coin}.history.dataDays`,
    `Days of ${inp.coin} daily data`,
    days,
    'days',
    src,
    change.asOf,
    span,
  );
  return dataDays ? { kind, change, dataDays } : undefined;
}

function closeCross(inp: HistoryInputs): CloseCross | undefined {
  const d = inp.daily;
  const last = d[d.length - 1];
  const prev = d[d.length - 2];
  if (!last || !prev || last.t - prev.t !== DAY || last.c === prev.c) return undefined;
  const below = last.c < prev.c;
  const { major } = roundSteps(last.c);
  const level = below ? Math.ceil(last.c / major) * major : Math.floor(last.c / major) * major;
  if (!(level > 0) || level === last.c || (below ? prev.c < level : prev.c > level)) return undefined;
  const side = below ? 'below' : 'above';
  const src = `computed from ${inp.dailySource}`;
  const end = last.t + DAY;
  const levelFact = fact(
    `${inp.coin}.closeCross.level`,
    `${inp.coin} round number crossed at the close`,
    level,
    'price',
    `round number crossed by ${inp.dailySource}`,
    end,
  );
  const day = fact(`${inp.coin}.closeCross.day`, `Day of the close`, last.t, 'date', src, end);
  if (!levelFact || !day) return undefined;
  for (let i = d.length - 3; i >= 0; i--) {
    const c = d[i]!;
    if (below ? c.c < level : c.c > level) {
      if ((last.t - c.t) / DAY < inp.minAgeDays) return undefined;
      const since = fact(`${inp.coin}.closeCross.since`, `Last close ${side} the round number`, c.t, 'date', src, end);
      return since ? { side, level: levelFact, day, since } : undefined;
    }
  }
  const span = { from: d[0]!.t, to: end };
  const days = spanDays(span);
  if (days < 90) return undefined;
  const dataDays = fact(
    `${inp.coin}.closeCross.dataDays`,
    `Days of ${inp.coin} daily data`,
    days,
    'days',
    src,
    end,
    span,
  );
  return dataDays ? { side, level: levelFact, day, dataDays } : undefined;
}

/**
 * The past days most like the past 24 hours: same direction, nearest by the close-to-close change and by how far
 * the day reached the move's way from the previous close (its low on a fall, its high on a rise), both in percent.
 * Days inside the last two weeks are left out (they are this move, not history).
 */
export function analogueDays(inp: HistoryInputs): HistoryFacts['analogues'] {
  const { change24h: change, price, low, high } = inp;
  if (!change || !price || Math.abs(change.value) < inp.analogueMinPct) return undefined;
  const fall = change.value < 0;
  const reachNow = fall ? low : high;
  if (!reachNow) return undefined;
  const ref = price.value / (1 + change.value / 100);
  const target = { change: change.value, reach: pct(ref, reachNow.value) };
  const cutoff = change.asOf - 14 * DAY;
  const d = inp.daily;
  const candidates = dailyMoves(d)
    .filter((m) => m.c.t + DAY <= cutoff)
    .map((m) => {
      const move = pct(m.prev, m.c.c);
      const reach = pct(m.prev, fall ? m.c.l : m.c.h);
      return { ...m, move, reach, distance: Math.hypot(move - target.change, (reach - target.reach) / 2) };
    })
    .filter((m) => (fall ? m.move < 0 : m.move > 0))
    .sort((a, b) => a.distance - b.distance);
  // One day per episode: skip a day within a week of one already chosen.
  const chosen: typeof candidates = [];
  for (const c of candidates) {
    if (chosen.length >= inp.analogueCount) break;
    if (chosen.some((o) => Math.abs(o.c.t - c.c.t) < 7 * DAY)) continue;
    chosen.push(c);
  }
  if (chosen.length === 0) return undefined;
  const src = `computed from ${inp.dailySource}`;
  const after = (m: (typeof candidates)[number], n: number) => {
    const later = d[m.index + n];
    if (!later || later.t - m.c.t !== n * DAY) return undefined;
    return fact(
      `${inp.coin}.analogue.${m.c.t}.after${n}`,
      `${inp.coin} change ${n} day${n === 1 ? '' : 's'} after a similar day`,
      pct(m.c.c, later.c),
      'pct',
      src,
      later.t + DAY,
      { from: m.c.t + DAY, to: later.t + DAY },
    );
  };
  const days: Analogue[] = [];
  for (const m of chosen.sort((a, b) => b.c.t - a.c.t)) {
    const end = m.c.t + DAY;
    const day = fact(`${inp.coin}.analogue.${m.c.t}`, 'A similar past day', m.c.t, 'date', src, end);
    const ch = fact(
      `${inp.coin}.analogue.${m.c.t}.change`,
      `${inp.coin} change on a similar day`,
      m.move,
      'pct',
      src,
      end,
      { from: m.c.t, to: end },
    );
    const reach = fact(
      `${inp.coin}.analogue.${m.c.t}.reach`,
      `${inp.coin} intraday ${fall ? 'low' : 'high'} on a similar day`,
      m.reach,
      'pct',
      src,
      end,
      { from: m.c.t, to: end },
    );
    if (day && ch && reach) days.push({ day, change: ch, reach, after1: after(m, 1), after7: after(m, 7) });
  }
  const from = fact(
    `${inp.coin}.analogue.from`,
    'First day of the daily data searched',
    d[0]!.t,
    'date',
    src,
    d[0]!.t + DAY,
  );
  return days.length && from ? { days, from } : undefined;
}

/** The history facts, or undefined when the data says nothing worth stating. */
export function historyFacts(inp: HistoryInputs): HistoryFacts | undefined {
  if (inp.daily.length < 2) return undefined;
  const out: HistoryFacts = { biggest: biggestMove(inp), closeCross: closeCross(inp), analogues: analogueDays(inp) };
  return out.biggest || out.closeCross || out.analogues ? out : undefined;
}
