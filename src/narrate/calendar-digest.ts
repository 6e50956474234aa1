// The digest's calendar line: today's and tomorrow's scheduled events in the chat's time zone, named for people,
// with their local times. Pure: the time and zone are arguments. Says so when the calendar's dates have run out
// for a kind, rather than implying nothing is scheduled.
import type { CalendarFacts } from '../analyse/facts.ts';
import type { CalendarKind } from '../gather/types.ts';
import type { Words } from './words.ts';

const localDay = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
const localTime = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

/**
 * "On the calendar (Europe/Berlin): today, ...; tomorrow, ...", or undefined without a calendar; in a language:
 * `words` (its article words) name the events, `ui` (its command words) writes the line.
 */
export function calendarDigestLine(
  cal: CalendarFacts | undefined,
  timeZone: string,
  now: number,
  words: Words,
  ui: Words,
): string | undefined {
  if (!cal) return undefined;
  const name = (k: CalendarKind) =>
    ui.has(`calendar.short.${k}`) ? ui.t(`calendar.short.${k}`) : words.t(`event.${k}`);
  const today = localDay(now, timeZone);
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const on = (day: string) =>
    words.list(
      cal.nearNow
        .filter((e) => localDay(e.at, timeZone) === day)
        .map((e) =>
          ui.t(e.approximate ? 'calendar.event_from' : 'calendar.event_at', {
            name: name(e.kind),
            time: localTime(e.at, timeZone),
          }),
        ),
    );
  const parts = (
    [
      [today, 'calendar.today'],
      [tomorrow, 'calendar.tomorrow'],
    ] as const
  ).flatMap(([day, key]) => (on(day) ? [ui.t(key, { events: on(day) })] : []));
  const gap = cal.runOut.length ? ui.t('calendar.gap', { kinds: words.list(cal.runOut.map(name)) }) : '';
  if (parts.length === 0) return ui.t('calendar.none', { zone: timeZone, gap });
  return ui.t('calendar.line', { zone: timeZone, parts: parts.join('; '), gap });
}
