// The digest's calendar line: today's and tomorrow's scheduled events in the chat's time zone, named for people,
// with their local times. Pure: the time and zone are arguments. Says so when the calendar's dates have run out
// for a kind, rather than implying nothing is scheduled.
import type { CalendarFacts } from '../analyse/facts.ts';
import type { CalendarKind } from '../gather/types.ts';
import { joinList } from './names.ts';
import { EVENT_NAMES } from './sections/calendar.ts';

const SHORT_NAMES: Readonly<Record<CalendarKind, string>> = {
  ...EVENT_NAMES,
  'fomc-decision': "the Fed's rate decision",
  'cme-reopen': 'CME bitcoin reopens',
};

const localDay = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
const localTime = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

/** "On the calendar (Europe/Berlin): today, ...; tomorrow, ...", or undefined without a calendar. */
export function calendarDigestLine(cal: CalendarFacts | undefined, timeZone: string, now: number): string | undefined {
  if (!cal) return undefined;
  const today = localDay(now, timeZone);
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const on = (day: string) =>
    joinList(
      cal.nearNow
        .filter((e) => localDay(e.at, timeZone) === day)
        .map((e) => `${SHORT_NAMES[e.kind]} ${e.approximate ? 'from' : 'at'} ${localTime(e.at, timeZone)}`),
    );
  const parts = [
    [today, 'today'],
    [tomorrow, 'tomorrow'],
  ].flatMap(([day, word]) => (on(day!) ? [`${word}, ${on(day!)}`] : []));
  const gap = cal.runOut.length
    ? ` (whybot's calendar holds no dates this far ahead for ${joinList(cal.runOut.map((k) => SHORT_NAMES[k]))})`
    : '';
  if (parts.length === 0) return `Nothing on whybot's economic calendar for today or tomorrow (${timeZone})${gap}.`;
  return `On the calendar (${timeZone}): ${parts.join('; ')}${gap}.`;
}
