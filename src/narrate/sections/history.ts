// Context for the calendar (year and month to date, runs of weeks, the 50- and 200-day averages and a cross
// between them) and for history (the biggest one-day move since, the first close past a round number since,
// and the past days most like this one with what followed them). Printed texts only, through the FigureBook.
import type { Fact } from '../../analyse/fact.ts';
import type { Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';
import { isDown, isUp } from './shared.ts';

/** A change as the templates need it: the printed size and which way it went. */
function moveCtx(f: Fact | undefined, book: FigureBook) {
  const text = book.text(f);
  if (!f || !text) return null;
  const down = isDown(f, text);
  const up = isUp(f, text);
  return { abs: book.text(f, 'abs'), down, up, flat: !down && !up };
}

/** The calendar periods part of the context. */
export function periodsCtx(f: Facts, book: FigureBook) {
  const c = f.periods;
  if (!c) return null;
  const period = (p: typeof c.yearToDate) => {
    const change = moveCtx(p?.change, book);
    return p && change ? { ...change, open: book.text(p.open), start: book.text(p.start) } : null;
  };
  const ytd = period(c.yearToDate);
  const mtd = period(c.monthToDate);
  const w = c.weeks;
  const weeks = w
    ? {
        ordinal: book.text(w.weeks, 'ordinal'),
        losing: w.kind === 'losing',
        end: book.text(w.lastWeekEnd),
        change: book.text(w.lastWeekChange, 'abs'),
      }
    : null;
  // The long average first: it is the one readers quote.
  const averages = [...c.averages]
    .sort((a, b) => b.days.value - a.days.value)
    .map((a) => ({ days: book.text(a.days), value: book.text(a.value), ...moveCtx(a.distance, book) }))
    .filter((a) => a.days && a.value && a.abs);
  const cross = c.cross ? { below: c.cross.side === 'below', day: book.text(c.cross.day) } : null;
  const any = ytd || mtd || weeks || averages.length > 0 || cross;
  return any ? { ytd, mtd, weeks, averages, cross } : null;
}

/** The history part of the context. */
export function historyCtx(f: Facts, book: FigureBook) {
  const h = f.history;
  if (!h) return null;
  const b = h.biggest;
  const biggest = b
    ? {
        fall: b.kind === 'fall',
        change: book.text(b.change, 'abs'),
        since: book.text(b.since),
        since_change: book.text(b.sinceChange, 'abs'),
        data_days: book.text(b.dataDays),
      }
    : null;
  const x = h.closeCross;
  const close = x
    ? {
        below: x.side === 'below',
        level: book.text(x.level),
        day: book.text(x.day),
        since: book.text(x.since),
        data_days: book.text(x.dataDays),
      }
    : null;
  const a = h.analogues;
  const analogues = a
    ? {
        from: book.text(a.from),
        one: a.days.length === 1,
        days: a.days.map((d) => ({
          day: book.text(d.day),
          change: book.text(d.change, 'abs'),
          reach: book.text(d.reach, 'abs'),
          after1: moveCtx(d.after1, book),
          after7: moveCtx(d.after7, book),
        })),
      }
    : null;
  return biggest || close || analogues ? { biggest, close, analogues } : null;
}
