// Calendar dates computed by rule rather than listed: FOMC minutes (three weeks after a decision), crypto options
// expiry (last Friday of the month, 08:00 UTC; quarterly in Mar/Jun/Sep/Dec) and the CME bitcoin futures reopening
// after the weekend (Sunday 17:00 Chicago time). Pure; the sources of the rules are cited in calendar/schedule.yaml.
import type { CalendarEvent } from './types.ts';

const DAY = 86_400_000;

/** UTC offset of `zone` at `instant`, in ms (New York in summer: -4 h). */
function offsetMs(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return local - Math.floor(instant / 1000) * 1000;
}

/** Epoch ms of a local date ("2024-07-31") and time ("14:00") in an IANA zone, daylight saving included. */
export function zonedTime(date: string, time: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  const first = asUtc - offsetMs(asUtc, zone);
  // the offset at the result may differ from the guess's near a change of clocks: use the result's own
  return asUtc - offsetMs(first, zone);
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** FOMC minutes: three weeks after each decision, at 14:00 New York time. */
export function fomcMinutes(decisions: readonly CalendarEvent[], minutesSource: string): CalendarEvent[] {
  return decisions
    .filter((e) => e.kind === 'fomc-decision')
    .map((e) => {
      const day = isoDay(zonedTime(isoDay(e.at), '12:00', 'America/New_York') + 21 * DAY);
      return {
        id: `fomc-minutes:${day}`,
        kind: 'fomc-minutes' as const,
        at: zonedTime(day, '14:00', 'America/New_York'),
        source: minutesSource,
      };
    });
}

/** The last Friday of a month (UTC), as epoch ms of 00:00 UTC. */
function lastFriday(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0);
  const back = (new Date(last).getUTCDay() - 5 + 7) % 7;
  return last - back * DAY;
}

/** Monthly and quarterly crypto options expiries between `from` and `to` (08:00 UTC, last Friday). */
export function optionsExpiries(from: number, to: number, source: string): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  const start = new Date(from);
  for (
    let y = start.getUTCFullYear(), m = start.getUTCMonth();
    Date.UTC(y, m, 1) <= to;
    m === 11 ? (y++, (m = 0)) : m++
  ) {
    const at = lastFriday(y, m) + 8 * 3_600_000;
    if (at < from || at > to) continue;
    const quarterly = m % 3 === 2;
    out.push({
      id: `${quarterly ? 'options-expiry-quarterly' : 'options-expiry'}:${isoDay(at)}`,
      kind: quarterly ? 'options-expiry-quarterly' : 'options-expiry',
      at,
      source,
    });
  }
  return out;
}

/** CME bitcoin futures reopening after each weekend between `from` and `to` (Sunday 17:00 Chicago time). */
export function cmeReopenings(from: number, to: number, source: string): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  const first = Math.floor(from / DAY) * DAY;
  for (let day = first; day <= to + DAY; day += DAY) {
    if (new Date(day).getUTCDay() !== 0) continue;
    const at = zonedTime(isoDay(day), '17:00', 'America/Chicago');
    if (at >= from && at <= to) out.push({ id: `cme-reopen:${isoDay(day)}`, kind: 'cme-reopen', at, source });
  }
  return out;
}
