// Daily digest times: `HH:MM` in an IANA time zone, turned into instants with croner (which knows the zone's
// daylight-saving rules: a time that does not exist that day moves forward, a time that occurs twice is used
// once). Pure: every "now" is an argument; croner is only asked for dates, it never runs a timer here.
import { Cron } from 'croner';
import { UserFacingError } from '../core/errors.ts';
import { canonicalTimeZone, looksLikeTimeZone } from '../core/time-zone.ts';

/** A time of day, 24-hour clock. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** A daily time in a zone: what a digest schedule needs to find its occurrences. */
export interface DailyTime {
  /** `HH:MM`. */
  time: string;
  /** IANA zone, e.g. `Europe/Paris`. */
  timeZone: string;
}

/** Bad time or zone input; the message is written for the moderator who typed it. */
export class ScheduleInputError extends UserFacingError {
  override readonly name = 'ScheduleInputError';
}

/** Parse `8:00`, `08:00` or `0800`-less forms like `8` (on the hour) into a time of day. Throws ScheduleInputError. */
export function parseTimeOfDay(text: string): TimeOfDay {
  const match = /^(\d{1,2})(?:[:.h](\d{2}))?$/.exec(text.trim());
  const hour = match ? Number(match[1]) : Number.NaN;
  const minute = match?.[2] === undefined ? 0 : Number(match[2]);
  if (!match || hour > 23 || minute > 59)
    throw new ScheduleInputError(
      `“${text.trim().slice(0, 16)}” is not a time of day; use HH:MM on a 24-hour clock, e.g. 08:00 or 18:30.`,
    ).keyed('error.digest.time', { typed: text.trim().slice(0, 16) });
  return { hour, minute };
}

/** `08:05` */
export function formatTimeOfDay(t: TimeOfDay): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/** The canonical IANA name of a zone as typed (`europe/paris` -> `Europe/Paris`, `utc` -> `UTC`). Throws ScheduleInputError. */
export function resolveTimeZone(text: string): string {
  const typed = text.trim();
  if (!looksLikeTimeZone(typed)) {
    throw new ScheduleInputError(
      `“${typed.slice(0, 32)}” is not a time zone; use an IANA name such as Europe/Paris, America/New_York or UTC.`,
    ).keyed('error.digest.zone', { typed: typed.slice(0, 32) });
  }
  const zone = canonicalTimeZone(typed);
  if (zone === undefined) {
    throw new ScheduleInputError(
      `I don't know the time zone “${typed.slice(0, 32)}”; use an IANA name such as Europe/Paris, America/New_York or UTC.`,
    ).keyed('error.digest.zone_unknown', { typed: typed.slice(0, 32) });
  }
  return zone;
}

function cronFor(daily: DailyTime): Cron {
  const t = parseTimeOfDay(daily.time);
  // no callback: croner only computes dates, it starts no timer
  return new Cron(`${t.minute.toString()} ${t.hour.toString()} * * *`, { timezone: daily.timeZone, paused: true });
}

/** The latest occurrence at or before `now` (epoch ms), or undefined. */
export function previousOccurrence(daily: DailyTime, now: number): number | undefined {
  return cronFor(daily)
    .previousRuns(1, new Date(now + 1))[0]
    ?.getTime();
}

/** The first occurrence strictly after `now` (epoch ms), or undefined. */
export function nextOccurrence(daily: DailyTime, now: number): number | undefined {
  return cronFor(daily).nextRun(new Date(now))?.getTime() ?? undefined;
}

function parts(instant: number, timeZone: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  });
  return Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
}

/** The local calendar day of an instant in a zone, `YYYY-MM-DD` (the digest's idempotency day). */
export function localDay(instant: number, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The local time of an instant, `HH:MM`. */
export function localTime(instant: number, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** The local date and time for people: `Mon 2024-04-01 08:00`. */
export function localDateTime(instant: number, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
