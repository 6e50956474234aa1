// Time tokens (src/core/time-token.ts) as words, for platforms that print times themselves: in a named IANA
// zone (a Telegram chat's digest zone) or UTC, always with the zone named, and relative times as ages.
import { formatDuration } from '../narrate/time-format.ts';
import { replaceTimeTokens, type TimeStyle } from '../core/time-token.ts';
import { MONTHS } from '../core/months.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate ? 'd' : 't'}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** A relative time in a locale: "hace 3 horas", "через 45 секунд" (the largest whole unit). */
function relative(ms: number, now: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const s = Math.round((ms - now) / 1000);
  const a = Math.abs(s);
  if (a < 60) return rtf.format(s, 'second');
  if (a < 3600) return rtf.format(Math.trunc(s / 60), 'minute');
  if (a < 172_800) return rtf.format(Math.trunc(s / 3600), 'hour');
  return rtf.format(Math.trunc(s / 86_400), 'day');
}

/** A date and time in a locale's own words and order, with the zone named: "5 de agosto de 2024, 09:00 Europe/Paris". */
function localeTime(ms: number, style: 'f' | 't', timeZone: string, locale: string, name: string): string {
  const clock = new Intl.DateTimeFormat(locale, { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
  if (style === 't') return `${clock.format(ms)} ${name}`;
  const day = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  return `${day.format(ms)}, ${clock.format(ms)} ${name}`;
}

/**
 * `5 August 2024, 09:00 Europe/Paris` (style f, the articles' own form), `09:00 Europe/Paris` (t), `3 h ago` /
 * `in 45 s` (R, against `now`). Times round to the nearest minute, as the articles print them. With a `locale`
 * other than English, the date, the clock and the relative time are written the locale's way (Intl).
 */
export function zonedTime(
  seconds: number,
  style: TimeStyle,
  timeZone: string,
  now: number = Date.now(),
  locale?: string,
): string {
  const ms = seconds * 1000;
  const foreign = locale !== undefined && !/^en\b/i.test(locale);
  if (style === 'R') {
    if (foreign) return relative(ms, now, locale);
    return ms <= now ? `${formatDuration(now - ms)} ago` : `in ${formatDuration(ms - now)}`;
  }
  const minute = Math.round(ms / 60_000) * 60_000;
  const parts = Object.fromEntries(
    formatter(timeZone, style === 'f')
      .formatToParts(new Date(minute))
      .map((p) => [p.type, p.value]),
  );
  const clock = `${parts.hour ?? '00'}:${parts.minute ?? '00'}`;
  const name = timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'UTC' : timeZone;
  if (foreign) return localeTime(minute, style, timeZone, locale, name);
  if (style === 't') return `${clock} ${name}`;
  return `${Number(parts.day).toString()} ${MONTHS[Number(parts.month) - 1] ?? ''} ${parts.year ?? ''}, ${clock} ${name}`;
}

/** A time in UTC, zone named. */
export function utcTime(seconds: number, style: TimeStyle, now?: number): string {
  return zonedTime(seconds, style, 'UTC', now);
}

/** Text with its time tokens written out in `timeZone` (default UTC), in `locale`'s words (English by default). */
export function zonedTimeText(text: string, timeZone = 'UTC', now?: number, locale?: string): string {
  return replaceTimeTokens(text, (seconds, style) => zonedTime(seconds, style, timeZone, now, locale));
}
