// The calendar over the real 2024 USD-M futures year (examples/binance/futures/um): at noon UTC of every day,
// year to date, month to date, the run of losing or winning weeks and the 50- and 200-day averages stated by the
// analysis equal the same figures recomputed here straight from the files' hourly rows.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { parseKlineCsv, snapshotFromKlines } from '../helpers/kline-snapshot.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DIR = 'examples/binance/futures/um';

/** The files' rows, read here without the project's parsers: open time, open, close. */
const rows = readdirSync(DIR)
  .filter((f) => f.endsWith('.csv'))
  .flatMap((f) => readFileSync(join(DIR, f), 'utf8').split('\n').slice(1))
  .filter((l) => l.trim() !== '')
  .map((l) => l.split(','))
  .map((c) => ({ t: Number(c[0]), o: Number(c[1]), c: Number(c[4]) }))
  .sort((a, b) => a.t - b.t);
const byTime = new Map(rows.map((r) => [r.t, r]));
const hourly = readdirSync(DIR)
  .filter((f) => f.endsWith('.csv'))
  .flatMap((f) => parseKlineCsv(readFileSync(join(DIR, f), 'utf8')))
  .sort((a, b) => a.t - b.t);

/** What the calendar should say at `at`, from the rows alone. */
function expected(at: number) {
  const price = byTime.get(at - HOUR)!.c;
  const d = new Date(at);
  const yearOpen = byTime.get(Date.UTC(d.getUTCFullYear(), 0, 1))!.o;
  const monthOpen = byTime.get(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1))!.o;
  const today = Math.floor(at / DAY) * DAY;
  const dayClose = (day: number) => byTime.get(day + DAY - HOUR)?.c;
  const average = (n: number) => {
    const closes: number[] = [];
    for (let day = today - n * DAY; day < today; day += DAY) {
      const c = dayClose(day);
      if (c === undefined) return undefined;
      closes.push(c);
    }
    return closes.reduce((s, c) => s + c, 0) / n;
  };
  // Closed Monday-to-Monday weeks, newest first: 1 January 2024 was a Monday.
  const weeks: Array<'losing' | 'winning' | 'flat'> = [];
  for (let monday = Date.UTC(2024, 0, 1); monday + 7 * DAY <= today; monday += 7 * DAY) {
    const open = byTime.get(monday)!.o;
    const close = byTime.get(monday + 7 * DAY - HOUR)!.c;
    weeks.unshift(close < open ? 'losing' : close > open ? 'winning' : 'flat');
  }
  let run = 0;
  while (run < weeks.length && weeks[run] === weeks[0] && weeks[0] !== 'flat') run++;
  return {
    ytd: (price / yearOpen - 1) * 100,
    mtd: d.getUTCMonth() === 0 ? undefined : (price / monthOpen - 1) * 100,
    sma50: average(50),
    sma200: average(200),
    distance200: (a: number) => (price / a - 1) * 100,
    run: run >= 2 ? { kind: weeks[0], weeks: run } : undefined,
  };
}

describe('GIVEN the 2024 USD-M futures year, at noon UTC of every day', () => {
  const noons: number[] = [];
  for (let t = Date.UTC(2024, 0, 2, 12); t <= Date.UTC(2024, 11, 31, 12); t += DAY) noons.push(t);
  const results = noons.map((at) => ({
    at,
    want: expected(at),
    got: analyseMarket(snapshotFromKlines(hourly, at)).periods,
  }));

  it('THEN year to date and month to date equal the change from the period’s first hourly open to the price', () => {
    for (const { at, want, got } of results) {
      expect(got?.yearToDate?.change.value, new Date(at).toISOString()).toBeCloseTo(want.ytd, 9);
      if (want.mtd === undefined) expect(got?.monthToDate).toBeUndefined();
      else expect(got?.monthToDate?.change.value, new Date(at).toISOString()).toBeCloseTo(want.mtd, 9);
    }
  });

  it('THEN the run of losing or winning weeks equals the count of closed Monday weeks the same way', () => {
    const runs = results.filter((r) => r.want.run);
    expect(runs.length).toBeGreaterThan(50);
    for (const { at, want, got } of results) {
      const label = new Date(at).toISOString();
      if (!want.run) expect(got?.weeks, label).toBeUndefined();
      else expect({ kind: got?.weeks?.kind, weeks: got?.weeks?.weeks.value }, label).toEqual(want.run);
    }
  });

  it('THEN the 50- and 200-day averages are stated exactly when 50 and 200 closed days are there, and equal the mean close', () => {
    for (const { at, want, got } of results) {
      const label = new Date(at).toISOString();
      const sma = (n: number) => got?.averages.find((a) => a.days.value === n);
      if (want.sma200 === undefined) expect(sma(200), label).toBeUndefined();
      else {
        expect(sma(200)?.value.value, label).toBeCloseTo(want.sma200, 6);
        expect(sma(200)?.distance.value, label).toBeCloseTo(want.distance200(want.sma200), 6);
      }
      if (want.sma50 === undefined) expect(sma(50), label).toBeUndefined();
      else expect(sma(50)?.value.value, label).toBeCloseTo(want.sma50, 6);
    }
    // 200 closed days first exist on 19 July 2024 (1 January + 200 days).
    const first = results.find((r) => r.got?.averages.some((a) => a.days.value === 200));
    expect(new Date(first!.at).toISOString().slice(0, 10)).toBe('2024-07-19');
  });

  it('THEN a cross of the 50-day and 200-day averages is dated to the close that made it, within a week', () => {
    const crosses = results.filter((r) => r.got?.cross);
    const days = [...new Set(crosses.map((r) => new Date(r.got!.cross!.day.value).toISOString().slice(0, 10)))];
    expect(days.length).toBeGreaterThan(0);
    console.log(`50/200-day crosses in 2024: ${days.join(', ')}`);
    for (const { at, got } of crosses) {
      const day = got!.cross!.day.value;
      expect(at - day).toBeLessThanOrEqual(8 * DAY);
      const i = Math.round((day - Date.UTC(2024, 0, 1)) / DAY);
      const closes = (end: number, n: number) => {
        let s = 0;
        for (let k = end - n + 1; k <= end; k++) s += byTime.get(Date.UTC(2024, 0, 1) + k * DAY + DAY - HOUR)!.c;
        return s / n;
      };
      const side = (k: number) => Math.sign(closes(k, 50) - closes(k, 200));
      expect(side(i)).not.toBe(side(i - 1));
      expect(got!.cross!.side).toBe(side(i) < 0 ? 'below' : 'above');
    }
  });

  it('THEN the full article states them, and a week run in words ("a fourth straight losing week")', () => {
    const at = Date.UTC(2024, 3, 29, 12); // after the four losing weeks of April 2024
    const want = expected(at);
    expect(want.run).toEqual({ kind: 'losing', weeks: 4 });
    const text = renderText(
      writeArticle(analyseMarket(snapshotFromKlines(hourly, at)), loadTemplates(), { form: 'full' }),
    );
    expect(text).toContain('Since the year opened at $42,314 on 1 January 2024, Bitcoin is up');
    expect(text).toMatch(/The week to 28 April 2024 closed 2\.8% lower, a fourth straight losing week\./);
    // 29 April 2024 has 119 closed days behind it: the 50-day average only.
    expect(text).toMatch(/It trades \d+\.\d% (below|above) its 50-day average of \$[\d,]+\./);
    expect(text).not.toContain('200-day');
  });
});
