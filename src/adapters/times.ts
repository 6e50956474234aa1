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

/**
 * `5 August 2024, 09:00 Europe/Paris` (style f, the articles' own form), `09:00 Europe/Paris` (t), `3 h ago` /
 * `in 45 s` (R, against `now`). Times round to the nearest minute, as the articles print them.
 */
export function zonedTime(seconds: number, style: TimeStyle, timeZone: string, now: number = Date.now()): string {
  const ms = seconds * 1000;
  if (style === 'R') return ms <= now ? `${formatDuration(now - ms)} ago` : `in ${formatDuration(ms - now)}`;
  const minute = Math.round(ms / 60_000) * 60_000;
  const parts = Object.fromEntries(
    formatter(timeZone, style === 'f')
      .formatToParts(new Date(minute))
      .map((p) => [p.type, p.value]),
  );
  const clock = `${parts.hour ?? '00'}:${parts.minute ?? '00'}`;
  const name = timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'UTC' : timeZone;
  if (style === 't') return `${clock} ${name}`;
  return `${Number(parts.day).toString()} ${MONTHS[Number(parts.month) - 1] ?? ''} ${parts.year ?? ''}, ${clock} ${name}`;
}

/** A time in UTC, zone named. */
export function utcTime(seconds: number, style: TimeStyle, now?: number): string {
  return zonedTime(seconds, style, 'UTC', now);
}

/** Text with its time tokens written out in `timeZone` (default UTC). */
export function zonedTimeText(text: string, timeZone = 'UTC', now?: number): string {
  return replaceTimeTokens(text, (seconds, style) => zonedTime(seconds, style, timeZone, now));
}
