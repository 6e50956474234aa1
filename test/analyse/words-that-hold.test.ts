// Issue 22 point 3: words that hold. "Held" only over data that shows no close beyond the level before; "still
// falling" only when the last hours fall, "bouncing" when they rise off the low; sessions by the real market hours
// (daylight saving included); times off the article's day carry their date; a leg traced back to its real start.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { fact } from '../../src/analyse/fact.ts';
import { levelHistory } from '../../src/analyse/level-history.ts';
import { paceFacts } from '../../src/analyse/pace.ts';
import { pricePath } from '../../src/analyse/price-path.ts';
import { sessionOf } from '../../src/analyse/sessions.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import type { Candle } from '../../src/gather/types.ts';
import { wordsFor } from '../../src/narrate/write-article.ts';
import { FigureBook } from '../../src/narrate/figure-book.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { whenText } from '../../src/narrate/sections/price-action.ts';
import { parseKlineCsv, snapshotFromKlines } from '../helpers/kline-snapshot.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);

describe('sessions by the real market hours', () => {
  it('GIVEN 06:00-08:00 UTC on a winter weekday THEN it is after the Tokyo close and before London opens, not "Asian hours"', () => {
    expect(sessionOf(at('2025-01-15T06:45:00Z'))).toBe('after Tokyo');
    expect(sessionOf(at('2025-01-15T07:30:00Z'))).toBe('after Tokyo');
    expect(sessionOf(at('2025-01-15T02:00:00Z'))).toBe('Tokyo');
  });
  it('GIVEN British summer time THEN London opens at 07:00 UTC', () => {
    expect(sessionOf(at('2025-07-16T07:30:00Z'))).toBe('London');
    expect(sessionOf(at('2025-01-15T08:00:00Z'))).toBe('London');
  });
  it('GIVEN the weeks New York and London change their clocks apart THEN each opens by its own clock', () => {
    // 12 March 2025: New York is on daylight time (opens 13:30 UTC), London not yet (closes 16:30 UTC).
    expect(sessionOf(at('2025-03-12T13:45:00Z'))).toBe('London and New York');
    expect(sessionOf(at('2025-01-15T13:45:00Z'))).toBe('London');
    expect(sessionOf(at('2025-01-15T14:45:00Z'))).toBe('London and New York');
    expect(sessionOf(at('2025-01-15T17:00:00Z'))).toBe('New York');
    expect(sessionOf(at('2025-01-15T22:00:00Z'))).toBe('after New York');
  });
  it('GIVEN a Saturday THEN it is the weekend; Friday evening after the close is after New York', () => {
    expect(sessionOf(at('2025-10-11T12:00:00Z'))).toBe('weekend');
    expect(sessionOf(at('2025-10-10T21:20:00Z'))).toBe('after New York');
  });
});

describe('times off the article day carry their date', () => {
  it('GIVEN a time the day before THEN it prints with its date; on the same day, the time alone', () => {
    const book = new FigureBook(wordsFor(loadTemplates()));
    const asOf = at('2025-10-11T00:00:00Z'); // an article as of midnight describes 10 October
    const t = (iso: string) => fact('x', 'x', at(iso), 'datetime', 's', asOf);
    expect(whenText(t('2025-10-10T21:20:00Z'), asOf, book)).toBe('21:20 UTC');
    expect(whenText(t('2025-10-09T21:20:00Z'), asOf, book)).toBe('9 October 2025, 21:20 UTC');
  });
});

/** Hourly candles from closes (open = previous close, wicks 0.1% beyond). */
function hourly(end: number, closes: number[]): Candle[] {
  return closes.map((c, i) => {
    const o = i === 0 ? c : closes[i - 1]!;
    return { t: end - (closes.length - i) * HOUR, o, h: Math.max(o, c) * 1.001, l: Math.min(o, c) * 0.999, c, v: 1 };
  });
}
const pathOf = (cs: Candle[]) => pricePath([{ candles: cs, ms: HOUR, source: 'hourly candles' }]);
const END = at('2025-10-11T00:00:00Z');

describe('the last hours: still falling, or bouncing', () => {
  const flatThenFall = Array.from({ length: 48 }, (_, i) => (i < 40 ? 100 : 100 - (i - 39) * 1.5));
  it('GIVEN the last three hours falling and the last hour falling THEN "falling"', () => {
    const p = paceFacts({ coin: 'BTC', path: pathOf(hourly(END, flatThenFall)), direction: 'down' })!;
    expect(p.recent?.state).toBe('falling');
  });
  it('GIVEN a fall and then a last hour 11.6% off the low THEN "bouncing", never "still falling"', () => {
    const closes = [...flatThenFall.slice(0, -1), flatThenFall.at(-2)! * 1.116];
    const p = paceFacts({ coin: 'BTC', path: pathOf(hourly(END, closes)), direction: 'down' })!;
    expect(p.recent?.state).toBe('bouncing');
    expect(p.recent?.turn?.value).toBeGreaterThan(11);
  });
});

describe('a leg traced back to its real start', () => {
  it('GIVEN a fall that began three days before the window THEN the leg starts at its real peak, not the window edge', () => {
    // Flat at 90 for a week, a rise to a peak of 130 four days ago, then a steady fall to 100 now.
    const closes = [
      ...Array.from({ length: 7 * 24 }, () => 90),
      ...Array.from({ length: 24 }, (_, i) => 90 + (i + 1) * (40 / 24)),
      ...Array.from({ length: 72 }, (_, i) => 130 - (i + 1) * (30 / 72)),
    ];
    const candles = hourly(END, closes);
    const peak = candles.reduce((a, c) => (c.h > a.h ? c : a));
    const leg = paceFacts({ coin: 'BTC', path: pathOf(candles), direction: 'down' })!.leg!;
    expect(leg.traced).toBe(true);
    expect(leg.start.value - peak.t).toBeLessThanOrEqual(HOUR);
    expect(leg.start.value).toBeLessThan(END - DAY);
    expect(leg.from.value).toBe(peak.h);
    expect(leg.duration.unit).toBe('days');
  });
  it('GIVEN a fall that began inside the window THEN it is not traced', () => {
    const closes = [...Array.from({ length: 48 }, () => 100), ...Array.from({ length: 10 }, (_, i) => 100 - i)];
    const leg = paceFacts({ coin: 'BTC', path: pathOf(hourly(END, closes)), direction: 'down' })!.leg!;
    expect(leg.traced).toBe(false);
  });
});

describe('"held until this move" only when the data shows it', () => {
  const level = {
    price: fact('BTC.brokenLevel', 'l', 114_600, 'price', 's', END)!,
    strength: 0.9,
    grade: 'strong' as const,
    kinds: [],
    touches: 3,
  };
  const days = (lows: number[]): Candle[] =>
    lows.map((c, i) => ({ t: END - DAY - (lows.length - i) * DAY, o: c, h: c + 100, l: c - 100, c, v: 1 }));
  it('GIVEN a daily close below the level in late September THEN it is not "held": the date it was last lost is given', () => {
    const closes = Array.from({ length: 40 }, (_, i) => (i === 30 ? 109_000 : 118_000));
    const h = levelHistory({
      coin: 'BTC',
      level,
      direction: 'down',
      daily: days(closes),
      source: 'd',
      before: END - DAY,
    })!;
    expect(h.held).toBe(false);
    if (!h.held) expect(h.lastCrossed.value).toBe(END - DAY - 10 * DAY);
  });
  it('GIVEN no daily close below it in the data THEN it held, over the days of data stated', () => {
    const h = levelHistory({
      coin: 'BTC',
      level,
      direction: 'down',
      daily: days(Array(40).fill(118_000)),
      source: 'd',
      before: END - DAY,
    })!;
    expect(h.held).toBe(true);
    if (h.held) expect(h.days.value).toBe(40);
  });
  it('GIVEN the 5 August 2024 crash THEN $60,000 is not called a level that held: it had closed below it on 13 July', () => {
    const dir = 'examples/binance/futures/um';
    const futures = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .flatMap((f) => parseKlineCsv(readFileSync(join(dir, f), 'utf8')))
      .sort((a, b) => a.t - b.t);
    const t = at('2024-08-05T08:00:00Z');
    const lastBelow = futures.filter((c) => c.t % DAY === DAY - HOUR && c.t + HOUR <= t - DAY && c.c < 60_000).at(-1)!;
    expect(new Date(lastBelow.t).toISOString().slice(0, 10)).toBe('2024-07-13');
    const text = renderText(
      writeArticle(analyseMarket(snapshotFromKlines(futures, t, { file: 'x.csv' })), loadTemplates(), { form: 'full' }),
    );
    expect(text).toMatch(/(\$60,000|that level), which it had last closed below on 13 July 2024/);
    expect(text).not.toMatch(/held until this move|well-tested/);
    expect(text).not.toMatch(/Asian trading hours/);
  });
});
