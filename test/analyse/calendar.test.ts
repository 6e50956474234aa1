// Scheduled events against the move: the nearest event within six hours before the move's start (or its fastest
// stretch) is named with the gap, an event after the move or too long before is not, the evidence lists what
// lies around the move, and the digest line names today's and tomorrow's events in the chat's zone.
import { describe, expect, it } from 'vitest';
import { calendarFacts } from '../../src/analyse/calendar.ts';
import type { CalendarEvent, CalendarPart, Part } from '../../src/gather/types.ts';
import { calendarDigestLine } from '../../src/narrate/calendar-digest.ts';
import { loadLanguages } from '../../src/app/languages.ts';

const en = loadLanguages().pack('en');

const T = (iso: string) => Date.parse(iso);
const FED = 'https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm';
const ev = (kind: CalendarEvent['kind'], iso: string, extra: Partial<CalendarEvent> = {}): CalendarEvent => ({
  id: `${kind}:${iso.slice(0, 10)}`,
  kind,
  at: T(iso),
  source: FED,
  ...extra,
});
const part = (events: CalendarEvent[], runOut: CalendarPart['runOut'] = {}): Part<CalendarPart> => ({
  ok: true,
  source: 'economic calendar (schedule.yaml)',
  asOf: T('2024-12-18T21:00:00Z'),
  value: { events, from: 0, to: T('2025-01-01T00:00:00Z'), runOut },
});

describe('calendarFacts', () => {
  it('names the event the move began 40 minutes after, with both times as facts from the calendar', () => {
    const gaps: string[] = [];
    const c = calendarFacts({
      part: part([ev('us-cpi', '2024-12-11T13:30:00Z'), ev('fomc-decision', '2024-12-18T19:00:00Z')]),
      legStart: T('2024-12-18T19:40:00Z'),
      legEnd: T('2024-12-18T23:00:00Z'),
      intervalMs: 5 * 60_000,
      now: T('2024-12-18T23:00:00Z'),
      gaps,
    })!;
    expect(c.beforeMove).toMatchObject({ kind: 'fomc-decision', stretch: 'start', sameHour: false });
    expect(c.beforeMove!.minutes).toMatchObject({ value: 40, unit: 'count' });
    expect(c.beforeMove!.at).toMatchObject({ value: T('2024-12-18T19:00:00Z'), unit: 'datetime' });
    expect(c.beforeMove!.at.source).toBe('economic calendar (schedule.yaml)');
    expect(c.evidence.map((e) => [e.id, e.minutesFromStart, e.link])).toEqual([['fomc-decision:2024-12-18', -40, FED]]);
    expect(gaps).toEqual([]);
  });

  it('says "same hour" for an event inside the candle the move starts in, and counts hours past two', () => {
    const sameHour = calendarFacts({
      part: part([ev('fomc-decision', '2024-12-18T19:00:00Z')]),
      legStart: T('2024-12-18T19:00:00Z'),
      now: T('2024-12-18T23:00:00Z'),
      gaps: [],
    })!;
    expect(sameHour.beforeMove).toMatchObject({ sameHour: true });
    const later = calendarFacts({
      part: part([ev('us-payrolls', '2024-08-02T12:30:00Z')]),
      legStart: T('2024-08-02T16:00:00Z'),
      now: T('2024-08-02T20:00:00Z'),
      gaps: [],
    })!;
    expect(later.beforeMove!.hours).toMatchObject({ value: 4 });
    expect(later.beforeMove!.minutes).toBeUndefined();
  });

  it('names nothing for an event more than six hours before, or after the start, and falls back to the fastest stretch', () => {
    const events = [ev('us-cpi', '2024-08-14T12:30:00Z'), ev('options-expiry', '2024-08-14T20:00:00Z')];
    const far = calendarFacts({
      part: part(events),
      legStart: T('2024-08-14T19:00:00Z'),
      now: T('2024-08-15T00:00:00Z'),
      gaps: [],
    })!;
    expect(far.beforeMove).toBeUndefined();
    const burst = calendarFacts({
      part: part(events),
      legStart: T('2024-08-14T02:00:00Z'),
      burstStart: T('2024-08-14T14:00:00Z'),
      now: T('2024-08-15T00:00:00Z'),
      gaps: [],
    })!;
    expect(burst.beforeMove).toMatchObject({ kind: 'us-cpi', stretch: 'fastest' });
    expect(burst.beforeMove!.minutes).toMatchObject({ value: 90 });
  });

  it('leaves a Missing calendar out, noting the gap', () => {
    const gaps: string[] = [];
    expect(
      calendarFacts({ part: { ok: false, source: 'economic calendar', reason: 'cannot read x' }, now: 0, gaps }),
    ).toBeUndefined();
    expect(gaps).toEqual(['calendar: cannot read x']);
  });
});

describe('calendarDigestLine', () => {
  const cal = (events: CalendarEvent[], runOut: CalendarEvent['kind'][] = []) =>
    calendarFacts({
      part: part(events, Object.fromEntries(runOut.map((k) => [k, 0]))),
      now: T('2024-12-17T20:00:00Z'),
      gaps: [],
    });

  it("names today's and tomorrow's events at their local times in the chat's zone", () => {
    const c = cal([
      ev('us-cpi', '2024-12-17T13:30:00Z'),
      ev('fomc-decision', '2024-12-18T19:00:00Z'),
      ev('us-payrolls', '2024-12-20T13:30:00Z'),
    ]);
    expect(calendarDigestLine(c, 'Europe/Berlin', T('2024-12-17T20:00:00Z'), en.words, en.ui)).toBe(
      "On the calendar (Europe/Berlin): today, the US consumer price (CPI) report at 14:30; tomorrow, the Fed's rate decision at 20:00.",
    );
    // it is already 05:00 on the 18th in Tokyo: the CPI was yesterday there, the Fed's decision (04:00 on the 19th) tomorrow
    expect(calendarDigestLine(c, 'Asia/Tokyo', T('2024-12-17T20:00:00Z'), en.words, en.ui)).toBe(
      "On the calendar (Asia/Tokyo): tomorrow, the Fed's rate decision at 04:00.",
    );
  });

  it('says nothing is scheduled only with the caveat of kinds the calendar has run out for', () => {
    expect(calendarDigestLine(cal([]), 'UTC', T('2024-12-17T20:00:00Z'), en.words, en.ui)).toBe(
      "Nothing on whybot's economic calendar for today or tomorrow (UTC).",
    );
    expect(calendarDigestLine(cal([], ['us-cpi']), 'UTC', T('2024-12-17T20:00:00Z'), en.words, en.ui)).toBe(
      "Nothing on whybot's economic calendar for today or tomorrow (UTC) (whybot's calendar holds no dates this far ahead for the US consumer price (CPI) report).",
    );
    expect(calendarDigestLine(undefined, 'UTC', 0, en.words, en.ui)).toBeUndefined();
  });
});
