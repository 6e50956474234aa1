// The economic calendar: the bundled file parses, its dates land at the official local times in UTC (daylight
// saving included), computed rules give the right days, a bad file names its problem, and a calendar that runs
// out is warned about.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUNDLED_CALENDAR,
  calendarBetween,
  calendarSource,
  parseCalendar,
  warnIfRunningOut,
} from '../../src/gather/calendar.ts';
import { zonedTime } from '../../src/gather/calendar-rules.ts';
import { gatherSources } from '../../src/gather/snapshot-source.ts';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';

const bundled = parseCalendar(BUNDLED_CALENDAR, readFileSync(BUNDLED_CALENDAR, 'utf8'));
const at = (id: string) => new Date(bundled.listed.find((e) => e.id === id)!.at).toISOString();
const iso = (ms: number) => new Date(ms).toISOString();

describe('the bundled calendar', () => {
  it('puts each listed date at its official local time, daylight saving included', () => {
    expect(at('fomc-decision:2024-07-31')).toBe('2024-07-31T18:00:00.000Z'); // 14:00 EDT
    expect(at('fomc-decision:2024-01-31')).toBe('2024-01-31T19:00:00.000Z'); // 14:00 EST
    expect(at('us-cpi:2024-03-12')).toBe('2024-03-12T12:30:00.000Z'); // two days after clocks went forward
    expect(at('us-payrolls:2024-08-02')).toBe('2024-08-02T12:30:00.000Z');
    expect(at('boj-decision:2024-01-23')).toBe('2024-01-23T02:30:00.000Z'); // 11:30 JST, no daylight saving
  });

  it('lists FOMC decisions for every year from 2024 to 2026, eight a year, each citing an http(s) source', () => {
    for (const year of ['2024', '2025', '2026'])
      expect(bundled.listed.filter((e) => e.kind === 'fomc-decision' && e.id.includes(`:${year}-`))).toHaveLength(8);
    expect(bundled.listed.every((e) => /^https:\/\//.test(e.source))).toBe(true);
  });

  it('computes minutes, options expiries and the CME reopening around 5 August 2024', () => {
    const part = calendarBetween(bundled, Date.parse('2024-07-28T00:00:00Z'), Date.parse('2024-09-30T00:00:00Z'));
    const ids = part.events.map((e) => e.id);
    // minutes three weeks after the 31 July decision, at 14:00 New York time
    expect(iso(part.events.find((e) => e.id === 'fomc-minutes:2024-08-21')!.at)).toBe('2024-08-21T18:00:00.000Z');
    // last Friday of August at 08:00 UTC; September's is quarterly
    expect(iso(part.events.find((e) => e.id === 'options-expiry:2024-08-30')!.at)).toBe('2024-08-30T08:00:00.000Z');
    expect(ids).toContain('options-expiry-quarterly:2024-09-27');
    expect(ids).not.toContain('options-expiry:2024-07-26'); // before the window
    // Sunday 17:00 Chicago time (CDT, UTC-5)
    expect(iso(part.events.find((e) => e.id === 'cme-reopen:2024-08-04')!.at)).toBe('2024-08-04T22:00:00.000Z');
    expect(part.events.map((e) => e.at)).toEqual([...part.events.map((e) => e.at)].sort((a, b) => a - b));
  });

  it('says which listed kinds have run out by the end of the window', () => {
    const part = calendarBetween(bundled, Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z'));
    expect(Object.keys(part.runOut).sort()).toEqual(['boj-decision', 'us-cpi', 'us-payrolls']);
    expect(iso(part.runOut['us-cpi']!)).toBe('2026-09-11T12:30:00.000Z');
  });
});

describe('warnings and bad files', () => {
  it('warns, naming the kinds and their last dates, when the calendar runs out within 60 days', () => {
    const warned: string[] = [];
    const logger = { warn: (_: object, m: string) => warned.push(m), info: () => undefined };
    expect(warnIfRunningOut(bundled, Date.parse('2024-06-01T00:00:00Z'), logger)).toEqual([]);
    expect(warnIfRunningOut(bundled, Date.parse('2025-11-15T00:00:00Z'), logger)).toEqual([
      'boj-decision dates end on 2025-12-19',
    ]);
    const lines = warnIfRunningOut(bundled, Date.parse('2026-08-01T00:00:00Z'), logger);
    expect(lines).toContain('us-cpi dates end on 2026-09-11');
    expect(warned.at(-1)).toMatch(/runs out soon or has run out .*us-cpi dates end on 2026-09-11/);
  });

  it('names the problem of a bad file, and the part is Missing with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whybot-calendar-'));
    const file = join(dir, 'cal.yaml');
    writeFileSync(
      file,
      'version: 1\nschedules:\n  - kind: us-cpi\n    source: https://x.example\n    time: "8:30"\n    zone: America/New_York\n    dates: [2024-01-11]\n',
    );
    expect(() => parseCalendar(file, readFileSync(file, 'utf8'))).toThrow(
      `${file}: schedules.0.time must be a time like 14:00`,
    );
    expect(() => parseCalendar(file, 'version: 1\nschedules:\n  - kind: us-cpi\n    source: ftp://x\n')).toThrow(
      'schedules.0.source must be the http(s) URL the dates were taken from',
    );
    expect(() =>
      parseCalendar(
        file,
        'version: 1\nschedules:\n  - kind: us-cpi\n    source: https://x.example\n    time: "08:30"\n    zone: Mars/Olympus\n    dates: [2024-02-30]\n',
      ),
    ).toThrow('schedules.0.zone must be an IANA time zone');
    const warned: string[] = [];
    const source = calendarSource({
      config: loadConfig({ WHYBOT_CALENDAR_FILE: file }, PLATFORMS),
      logger: { warn: (d: object) => warned.push(JSON.stringify(d)), info: () => undefined },
    })!;
    const parts = await gatherSources([source], { now: Date.parse('2024-08-05T08:00:00Z'), coins: [] });
    expect(parts.calendar).toEqual({
      ok: false,
      source: 'economic calendar (cal.yaml)',
      reason: `${file}: schedules.0.time must be a time like 14:00`,
    });
    expect(warned).toHaveLength(1);
  });

  it('is off with WHYBOT_CALENDAR=off', () => {
    expect(calendarSource({ config: loadConfig({ WHYBOT_CALENDAR: 'off' }, PLATFORMS) })).toBeUndefined();
  });
});

describe('zonedTime', () => {
  it('converts across the change of clocks in both directions', () => {
    expect(iso(zonedTime('2024-11-03', '01:30', 'America/New_York'))).toMatch(/^2024-11-03T0[56]:30/);
    expect(iso(zonedTime('2024-11-04', '14:00', 'America/New_York'))).toBe('2024-11-04T19:00:00.000Z');
    expect(iso(zonedTime('2024-03-11', '14:00', 'America/New_York'))).toBe('2024-03-11T18:00:00.000Z');
  });
});
