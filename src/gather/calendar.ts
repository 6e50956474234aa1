// Gather source: the economic calendar. Scheduled events (FOMC decisions, US CPI and payrolls, Bank of Japan
// decisions) come from a versioned YAML file that cites the official schedule of every date
// (calendar/schedule.yaml, or the operator's WHYBOT_CALENDAR_FILE); FOMC minutes, options expiries and the CME
// reopening are computed (calendar-rules.ts). Read once at start; a warning is logged for every kind whose dates
// run out within 60 days. Registered in sources.ts as the `calendar` part; replays use it as live builds do.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { cmeReopenings, fomcMinutes, optionsExpiries, zonedTime } from './calendar-rules.ts';
import type { SourceFactory, SourceLogger } from './snapshot-source.ts';
import type { CalendarEvent, CalendarKind, CalendarPart, Part } from './types.ts';

/** The calendar file shipped with whybot. */
export const BUNDLED_CALENDAR = fileURLToPath(new URL('./calendar/schedule.yaml', import.meta.url));

/** Kinds a calendar file may list (the others are computed). */
export const LISTED_KINDS = ['fomc-decision', 'us-cpi', 'us-payrolls', 'us-pce', 'boj-decision'] as const;

/** Where the computed kinds' rules come from. */
export const RULE_SOURCES = {
  fomcMinutes: 'https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm',
  options: 'https://www.deribit.com/pages/information/Introduction_Policy',
  cme: 'https://www.cmegroup.com/markets/cryptocurrencies/bitcoin/bitcoin.contractSpecs.html',
} as const;

const DAY = 86_400_000;
/** How far before and after the build's moment events are looked up. */
export const CALENDAR_BEFORE_MS = 7 * DAY;
export const CALENDAR_AFTER_MS = 2 * DAY;
/** Warn when a listed kind's dates end within this much of now. */
export const RUN_OUT_WARNING_MS = 60 * DAY;

const validZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-07-31')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');

const scheduleSchema = z.object({
  kind: z.enum(LISTED_KINDS),
  source: z.string().regex(/^https?:\/\/\S+$/, 'must be the http(s) URL the dates were taken from'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 14:00'),
  zone: z.string().refine(validZone, 'must be an IANA time zone such as America/New_York'),
  approximate: z.boolean().optional(),
  dates: z.array(day).min(1, 'lists no dates'),
});

const fileSchema = z.object({
  version: z.literal(1),
  updated: day.optional(),
  schedules: z.array(scheduleSchema),
});

/** A loaded calendar: the listed events, oldest first, and where they came from. */
export interface LoadedCalendar {
  file: string;
  listed: CalendarEvent[];
}

/** Parse a calendar file's text; throws an Error naming the file and the first problem. Pure; exported for tests. */
export function parseCalendar(file: string, text: string): LoadedCalendar {
  const doc = parseDocument(text);
  if (doc.errors[0]) throw new Error(`${file}: not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || 'the file'} ${issue.message}`);
  }
  const listed = parsed.data.schedules
    .flatMap((s) =>
      s.dates.map((d) => ({
        id: `${s.kind}:${d}`,
        kind: s.kind,
        at: zonedTime(d, s.time, s.zone),
        ...(s.approximate ? { approximate: true } : {}),
        source: s.source,
      })),
    )
    .sort((a, b) => a.at - b.at);
  return { file, listed };
}

/** The calendar from `from` to `to`: listed and computed events, oldest first, and the kinds that have run out. */
export function calendarBetween(calendar: LoadedCalendar, from: number, to: number): CalendarPart {
  const listed = calendar.listed;
  const events = [
    ...listed.filter((e) => e.at >= from && e.at <= to),
    ...fomcMinutes(listed, RULE_SOURCES.fomcMinutes).filter((e) => e.at >= from && e.at <= to),
    ...optionsExpiries(from, to, RULE_SOURCES.options),
    ...cmeReopenings(from, to, RULE_SOURCES.cme),
  ].sort((a, b) => a.at - b.at);
  return { events, from, to, runOut: runOutBy(listed, to) };
}

/** Listed kinds whose last event is before `at`: kind -> that last event. */
export function runOutBy(listed: readonly CalendarEvent[], at: number): Partial<Record<CalendarKind, number>> {
  const last: Partial<Record<CalendarKind, number>> = {};
  for (const e of listed) last[e.kind] = Math.max(last[e.kind] ?? 0, e.at);
  return Object.fromEntries(Object.entries(last).filter(([, t]) => t < at));
}

/** Log a warning for each listed kind whose dates end before `now + RUN_OUT_WARNING_MS`. */
export function warnIfRunningOut(calendar: LoadedCalendar, now: number, logger?: SourceLogger): string[] {
  const soon = runOutBy(calendar.listed, now + RUN_OUT_WARNING_MS);
  const lines = Object.entries(soon).map(
    ([kind, t]) => `${kind} dates end on ${new Date(t).toISOString().slice(0, 10)}`,
  );
  if (lines.length)
    logger?.warn(
      { file: calendar.file, runOut: lines },
      `the economic calendar runs out soon or has run out (${lines.join('; ')}): add the new official dates to the file (see README, "Calendar and other markets")`,
    );
  return lines;
}

/** The registered source (WHYBOT_CALENDAR=on, the default). A file that cannot be read leaves the part Missing. */
export const calendarSource: SourceFactory = ({ config, logger, replay }) => {
  if (config.WHYBOT_CALENDAR !== 'on') return undefined;
  const file = config.WHYBOT_CALENDAR_FILE ?? BUNDLED_CALENDAR;
  const name = `economic calendar (${basename(file)})`;
  let calendar: LoadedCalendar | undefined;
  let problem = '';
  try {
    calendar = parseCalendar(file, readFileSync(file, 'utf8'));
    // a replay is of a past moment: whether the file covers it shows in the part's runOut, not in a warning
    if (!replay) warnIfRunningOut(calendar, Date.now(), logger);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code ? `cannot read ${file} (${code})` : (error as Error).message;
    logger?.warn({ file, reason: problem }, 'economic calendar not loaded');
  }
  return {
    part: 'calendar',
    name,
    settings: ['WHYBOT_CALENDAR', 'WHYBOT_CALENDAR_FILE'],
    timeoutMs: 1000,
    fetch: ({ now }): Part<CalendarPart> =>
      calendar
        ? {
            ok: true,
            source: name,
            asOf: now,
            value: calendarBetween(calendar, now - CALENDAR_BEFORE_MS, now + CALENDAR_AFTER_MS),
          }
        : { ok: false, source: name, reason: problem },
  };
};
