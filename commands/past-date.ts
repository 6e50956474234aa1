// The `date` option of /why: a past UTC day (2025-10-10), or a moment of one (2025-10-10T21:30), turned into the
// moment the article describes. Pure: "now" is an argument. Anything it cannot use becomes an OptionError.
import { formatDate, formatDateTime } from '../src/narrate/format.ts';
import { OptionError, quoteForUser } from './options.ts';
import { timeToken } from '../src/core/time-token.ts';

const DAY = 86_400_000;

/** Which bare words the option takes in typed text: a date, optionally with a UTC time. */
export const DATE_WORD = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$/i;

/** The moment a `date` option describes, and how to name it for people. */
export interface PastMoment {
  /** Epoch ms: the close of the day (00:00 UTC the next day), or the time given. */
  at: number;
  /** "the close of 10 October 2025 (00:00 UTC on 11 October 2025)" or "10 October 2025, 21:30 UTC". */
  label: string;
}

/**
 * The moment `text` names, or undefined when it names today (the live article answers it). Throws OptionError
 * for a malformed or impossible date and for a moment after `now` (in a replay, after the replayed moment).
 */
export function pastMoment(text: string, now: number): PastMoment | undefined {
  const example = 'use YYYY-MM-DD, e.g. 2025-10-10 (or 2025-10-10T21:30 for a UTC time)';
  const m = DATE_WORD.exec(text.trim());
  if (!m)
    throw new OptionError(`“${quoteForUser(text)}” is not a date I understand; ${example}.`).keyed(
      'error.date.not_a_date',
      { typed: quoteForUser(text) },
    );
  const [y, mo, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = Date.UTC(y, mo - 1, d);
  const real = new Date(day);
  if (real.getUTCFullYear() !== y || real.getUTCMonth() !== mo - 1 || real.getUTCDate() !== d)
    throw new OptionError(`${quoteForUser(text)} is not a real date; ${example}.`).keyed('error.date.not_real', {
      typed: quoteForUser(text),
    });
  const timed = m[1] !== undefined;
  const at = timed ? Date.parse(`${text.slice(0, 16).toUpperCase()}:00Z`) : day + DAY;
  if (Number.isNaN(at))
    throw new OptionError(`“${quoteForUser(text)}” is not a time I understand; ${example}.`).keyed(
      'error.date.not_a_time',
      { typed: quoteForUser(text) },
    );
  const today = Math.floor(now / DAY) * DAY;
  if (day > today || (timed && at > now))
    throw new OptionError(
      `${quoteForUser(text)} is in the future: I can explain moments up to ${formatDateTime(now)}, not after.`,
    ).keyed('error.date.future', { typed: quoteForUser(text), latest: timeToken(now, 'f') });
  if (!timed && day === today) return undefined;
  return {
    at,
    label: timed ? formatDateTime(at) : `the close of ${formatDate(day)} (00:00 UTC on ${formatDate(day + DAY)})`,
  };
}
