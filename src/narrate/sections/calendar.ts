// Context for scheduled events: the event the move began soon after, named for people, with its time and the
// gap to the move's start (temporal wording only; the template never says "because").
import type { CalendarFacts } from '../../analyse/facts.ts';
import type { Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';

/** The calendar context, or null when no event lines up with the move. */
export function calendarCtx(f: Facts, book: FigureBook) {
  const b: CalendarFacts['beforeMove'] = f.calendar?.beforeMove;
  if (!b) return null;
  const time = book.text(b.at, 'time');
  const start = book.text(b.start, 'time');
  const minutes = book.text(b.minutes);
  const hours = book.text(b.hours);
  if (!time || !start) return null;
  return {
    before: {
      name: book.words.t(`event.${b.kind}`),
      time,
      start,
      fastest: b.stretch === 'fastest',
      during: b.stretch === 'during',
      same_hour: b.sameHour,
      approximate: b.approximate,
      minutes,
      hours,
      one_hour: b.hours?.value === 1 || b.minutes?.value === 60,
    },
  };
}
