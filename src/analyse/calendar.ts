// Scheduled events lined up with the move: the event the move began within hours after (or in the same hour as),
// every event from shortly before the start to the end of the move as evidence, and the events around now for
// digests. Pure. Wording is temporal only: an event is named with its time and the gap to the move's start.
import type { AlignedEvidence } from '../core/evidence.ts';
import type { CalendarEvent, CalendarPart, Part } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { CalendarFacts } from './facts.ts';
import { partValue } from './fresh.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** How long before the move's start an event is still named ("within hours after"). */
export const EVENT_LEAD_MS = 6 * HOUR;

/** What the calendar analysis reads. */
export interface CalendarInputs {
  part: Part<CalendarPart> | undefined;
  /** The move's start (the open of the candle its leg starts in) and end, epoch ms; absent on a flat day. */
  legStart?: number | undefined;
  legEnd?: number | undefined;
  /** The start of the move's fastest stretch (one or two candles), epoch ms. */
  burstStart?: number | undefined;
  /** The end of that stretch, epoch ms: an event inside it is named as coming during the fastest stretch. */
  burstEnd?: number | undefined;
  /** Length of the candles the start is measured in (an hour): an event inside that candle is "the same hour". */
  intervalMs?: number;
  now: number;
  gaps: string[];
}

/** One event as evidence against the move's start. */
function evidenceOf(e: CalendarEvent, start: number): AlignedEvidence {
  return {
    kind: 'event',
    what: e.kind,
    at: e.at,
    source: e.source.replace(/^https?:\/\/(www\.)?/, '').split('/')[0]!,
    link: e.source,
    id: e.id,
    minutesFromStart: Math.round((e.at - start) / MINUTE),
  };
}

/** Calendar facts, or undefined without a calendar. */
export function calendarFacts(inp: CalendarInputs): CalendarFacts | undefined {
  const got = partValue(inp.part, 'calendar', inp.gaps);
  if (!got) return undefined;
  const { events, runOut } = got.value;
  const source = got.source;
  const interval = inp.intervalMs ?? HOUR;
  const out: CalendarFacts = {
    nearNow: events.filter((e) => e.at >= inp.now - 24 * HOUR && e.at <= inp.now + 48 * HOUR),
    evidence: [],
    runOut: Object.keys(runOut) as CalendarFacts['runOut'],
  };
  const start = inp.legStart;
  if (start === undefined) return out;
  const end = inp.legEnd ?? start + interval;
  out.evidence = events.filter((e) => e.at >= start - EVENT_LEAD_MS && e.at <= end).map((e) => evidenceOf(e, start));
  // The move's start first, else its fastest stretch: the nearest event at or before that candle's close.
  out.beforeMove =
    alignedEvent(events, start, interval, 'start', source) ??
    (inp.burstStart !== undefined && inp.burstStart !== start
      ? alignedEvent(events, inp.burstStart, interval, 'fastest', source)
      : undefined) ??
    duringEvent(events, inp.burstStart, inp.burstEnd, source);
  return out;
}

/** The first event inside the fastest stretch [from, to), when one fell there: "came during the fastest stretch". */
function duringEvent(
  events: readonly CalendarEvent[],
  from: number | undefined,
  to: number | undefined,
  source: string,
): CalendarFacts['beforeMove'] {
  if (from === undefined || to === undefined || to <= from) return undefined;
  const inside = events.find((e) => e.at >= from && e.at < to);
  if (!inside) return undefined;
  const at = fact(`calendar.${inside.id}.at`, `Time of ${inside.kind}`, inside.at, 'datetime', source, inside.at);
  const startFact = fact(
    'calendar.moveStart',
    "Start of the move's fastest stretch",
    from,
    'datetime',
    `computed from ${source}`,
    from,
  );
  if (!at || !startFact) return undefined;
  return {
    kind: inside.kind,
    stretch: 'during',
    at,
    start: startFact,
    sameHour: false,
    approximate: !!inside.approximate,
    link: inside.source,
  };
}

/** The nearest event within EVENT_LEAD_MS before `t`'s candle closes, with the gap to `t`; undefined when none. */
function alignedEvent(
  events: readonly CalendarEvent[],
  t: number,
  interval: number,
  stretch: 'start' | 'fastest',
  source: string,
): CalendarFacts['beforeMove'] {
  const before = events.filter((e) => e.at >= t - EVENT_LEAD_MS && e.at < t + interval).at(-1);
  if (!before) return undefined;
  const at = fact(`calendar.${before.id}.at`, `Time of ${before.kind}`, before.at, 'datetime', source, before.at);
  const sameHour = before.at >= t;
  const gap = t - before.at;
  const computed = `computed from ${source}`;
  const minutes =
    !sameHour && gap < 2 * HOUR
      ? fact('calendar.before.minutes', `Minutes from ${before.kind} to the move`, gap / MINUTE, 'count', computed, t)
      : undefined;
  const hours =
    !sameHour && gap >= 2 * HOUR
      ? fact(
          'calendar.before.hours',
          `Hours from ${before.kind} to the move`,
          Math.round(gap / HOUR),
          'count',
          computed,
          t,
        )
      : undefined;
  const startFact = fact(
    'calendar.moveStart',
    `Start of the move's ${stretch === 'start' ? 'leg' : 'fastest stretch'}`,
    t,
    'datetime',
    computed,
    t,
  );
  if (!at || !startFact) return undefined;
  return {
    kind: before.kind,
    stretch,
    at,
    start: startFact,
    sameHour,
    approximate: !!before.approximate,
    link: before.source,
    ...(minutes ? { minutes } : {}),
    ...(hours ? { hours } : {}),
  };
}
