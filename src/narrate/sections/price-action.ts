// Context for what the price did: the day's range and rebound, the lowest/highest-since, the round number crossed,
// the pace and timing of the worst leg, volume, the longer arc, and a gap in the data. Figures already stated
// elsewhere (the day's low as a support, say) are referred to by name instead of being printed twice.
import type { Fact } from '../../analyse/fact.ts';
import type { Facts, WindowFigure } from '../../analyse/facts.ts';
import type { Duration } from '../../analyse/pace.ts';
import type { Session } from '../../analyse/sessions.ts';
import type { FigureBook } from '../figure-book.ts';
import { isDown, isUp, spanText } from './shared.ts';

/** The message key naming each trading session. */
const SESSION_KEY: Record<Session, string> = {
  Tokyo: 'session.tokyo',
  London: 'session.london',
  'London and New York': 'session.london_new_york',
  'New York': 'session.new_york',
  'after Tokyo': 'session.after_tokyo',
  'after New York': 'session.after_new_york',
  weekend: 'session.weekend',
};

/** True when two epoch ms fall on the same UTC date. */
const sameDate = (a: number, b: number) =>
  new Date(a).toISOString().slice(0, 10) === new Date(b).toISOString().slice(0, 10);

/** A stated duration in ms (its rounded count in its unit). */
function durationMs(d: Duration): number {
  return d.value.value * (d.unit === 'minutes' ? 60_000 : d.unit === 'hours' ? 3_600_000 : 86_400_000);
}

/**
 * A time as printed: the time of day alone on the article's own (UTC) day, with its date on any other day. The
 * article's day is the day of its last moment of data (an article as of 00:00 UTC describes the day just ended).
 */
export function whenText(f: Fact | undefined, asOf: number, book: FigureBook): string | null {
  if (!f) return null;
  return book.text(f, sameDate(f.value, asOf - 1) ? 'time' : 'signed');
}

/** A duration as words: "10 minutes", "one hour", "5 hours", "3 days" (the number is a registered figure). */
export function durationText(d: Duration | undefined, book: FigureBook): string | null {
  if (!d) return null;
  const n = book.text(d.value);
  return n ? book.words.t(`duration.${d.unit}`, { n: d.value.value, count: n }) : null;
}

/** A change over a window, or null; `named` is how the window is called when the data covers it. */
function changeCtx(w: WindowFigure | undefined, named: 'day' | 'week' | 'month', book: FigureBook) {
  if (!w) return null;
  const text = book.text(w.value);
  const span = spanText(w, named, book);
  if (!text || !span) return null;
  return {
    text,
    abs: book.text(w.value, 'abs'),
    down: isDown(w.value, text),
    up: isUp(w.value, text),
    span,
    full: w.full,
  };
}

/** The price-action part of the context. */
export function priceActionCtx(f: Facts, book: FigureBook) {
  const r = f.dayRange;
  const day = r
    ? {
        high: book.text(r.high),
        low: book.text(r.low),
        // The time of day alone when it was on the article's day; with its date otherwise.
        high_hour: whenText(r.highAt, f.asOf, book),
        low_hour: whenText(r.lowAt, f.asOf, book),
        // An hourly candle is "the hour from 06:00 UTC"; a finer candle or the price itself is its minute.
        high_in_hour: r.highMs >= 3_600_000,
        low_in_hour: r.lowMs >= 3_600_000,
        rebound: book.text(r.rebound, 'abs'),
        off_high: book.text(r.offHigh, 'abs'),
        span: spanText(r.window, 'day', book),
        full: r.window.full,
        // The change over the real span, only when the 24h change itself is unknown.
        change: f.focus.change24h ? null : changeCtx(r.change, 'day', book),
      }
    : null;

  const ex = f.extreme;
  const extreme = ex
    ? {
        lowest: ex.kind === 'lowest',
        highest: ex.kind === 'highest',
        price: book.text(ex.price),
        since: book.text(ex.since),
        data_days: book.text(ex.dataDays),
      }
    : null;

  const rb = f.recordBeforeFall;
  const record = rb ? { high: book.text(rb.price), data_days: book.text(rb.dataDays) } : null;
  const rc = f.roundCross;
  const level = rc ? book.text(rc.level) : null;
  const cross =
    rc && level
      ? {
          level,
          below: rc.side === 'below',
          since: book.text(rc.since),
          data_days: book.text(rc.dataDays),
          nearly_year: rc.sinceDays !== undefined && rc.sinceDays >= 300 && rc.sinceDays < 365,
          over_year: rc.sinceDays !== undefined && rc.sinceDays >= 365,
          same_as_broken: !!f.levels.broken && book.text(f.levels.broken.price) === level,
        }
      : null;

  const p = f.pace;
  const leg = p?.leg;
  const legCtx =
    leg && book.text(leg.size) && book.text(leg.burstSize)
      ? {
          size: book.text(leg.size),
          duration: durationText(leg.duration, book),
          from: book.text(leg.from),
          to: book.text(leg.to),
          from_is_high: !!day && book.text(leg.from) === day.high,
          to_is_low: !!day && book.text(leg.to) === day.low,
          from_is_low: !!day && book.text(leg.from) === day.low,
          to_is_high: !!day && book.text(leg.to) === day.high,
          start_hour: whenText(leg.start, f.asOf, book),
          end_hour: whenText(leg.end, f.asOf, book),
          peak_hour: whenText(leg.peakHour, f.asOf, book),
          burst_size: book.text(leg.burstSize),
          burst_duration: durationText(leg.burstDuration, book),
          // Worth a sentence of its own only when the fast stretch is not the whole leg: smaller than it, or much
          // shorter (a 17-hour fall that came almost all in two hours is told as those two hours, then the whole).
          burst_apart:
            leg.burstSize.value < leg.size.value * 0.9 || durationMs(leg.duration) > 2 * durationMs(leg.burstDuration),
          session: book.words.t(SESSION_KEY[leg.session]),
          traced: leg.traced,
        }
      : null;
  const recentText = book.text(p?.recent?.change, 'abs');
  const recent =
    p?.recent && recentText
      ? {
          change: recentText,
          falling: p.recent.state === 'falling',
          rising: p.recent.state === 'rising',
          steady: p.recent.state === 'steady',
          // steady to the printed precision: "0.0%" says nothing, so the sentence carries no figure
          flat: p.recent.state === 'steady' && Math.abs(p.recent.change.value) < 0.05,
          bouncing: p.recent.state === 'bouncing',
          slipping: p.recent.state === 'slipping',
          turn: book.text(p.recent.turn, 'abs'),
          turn_at: whenText(p.recent.turnAt, f.asOf, book),
          turn_in_hour: (p.recent.turnMs ?? 0) >= 3_600_000,
        }
      : null;

  const v = f.volume;
  const volume =
    v && (v.during === 'leg' || v.baseline.full || !!f.dayRange?.window.full)
      ? {
          ratio: book.text(v.ratio),
          leg: v.during === 'leg',
          high: v.ratio.value >= 1.5,
          low: v.ratio.value <= 0.7,
          baseline: spanText(v.baseline, 'month', book),
        }
      : null;

  const a = f.arc;
  const week = changeCtx(a?.week, 'week', book);
  const month = changeCtx(a?.month, 'month', book);
  const peak = a?.peak
    ? {
        price: book.text(a.peak.price),
        date: book.text(a.peak.at),
        drawdown: book.text(a.peak.drawdown, 'abs'),
        data_days: book.text(a.peak.dataDays),
      }
    : null;
  const run = a?.run
    ? { days: book.text(a.run.days), losing: a.run.kind === 'losing', winning: a.run.kind === 'winning' }
    : null;
  const rg = a?.range;
  const rangeLow = book.text(rg?.low);
  const rangeHigh = book.text(rg?.high);
  const range =
    rg && rangeLow && rangeHigh
      ? {
          low: rangeLow === day?.low ? null : rangeLow,
          high: rangeHigh === day?.high || rangeHigh === peak?.price ? null : rangeHigh,
          position: book.text(rg.position),
          span: spanText(rg.window, 'month', book),
          bottom: rg.position.value <= 20,
          lower: rg.position.value > 20 && rg.position.value < 40,
          middle: rg.position.value >= 40 && rg.position.value <= 60,
          upper: rg.position.value > 60 && rg.position.value < 80,
          top: rg.position.value >= 80,
        }
      : null;
  const arc = week || month || peak || run || range ? { week, month, peak, run, range } : null;

  const g = f.dataGap;
  const gap = g ? { from: book.text(g.from), to: book.text(g.to) } : null;
  // Sources the article had to do without, when none of them stood in (no liquidations, open interest or funding).
  const lacking =
    f.lacking.length && !f.liquidations && !f.openInterest && !f.funding
      ? book.words.list(f.lacking.map((x) => book.words.t(`lacking.${x}`)))
      : null;
  // With open interest or funding but no liquidations, only the forced part of the orders cannot be told.
  const lacking_liquidations = !lacking && !f.liquidations && f.lacking.includes('liquidation');
  return { day, extreme, record, cross, leg: legCtx, recent, volume, arc, gap, lacking, lacking_liquidations };
}
