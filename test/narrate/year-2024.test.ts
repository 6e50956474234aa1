// Articles from the real 2024 BTCUSDT klines shipped in examples/: the 5 August crash (spot and USD-M futures) and
// the 14 March record. Every figure checked here was read off the files themselves.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import type { Candle } from '../../src/gather/types.ts';
import { formatPctAbs, renderText, writeArticle } from '../../src/narrate/index.ts';
import {
  documentText,
  forbiddenTokens,
  ledeBottomRepeats,
  repeatedFigures,
  untracedNumbers,
} from '../helpers/article-checks.ts';
import { parseKlineCsv, snapshotFromKlines } from '../helpers/kline-snapshot.ts';

const HOUR = 3_600_000;
const templates = loadTemplates();
const FUTURES_DIR = 'examples/binance/futures/um';
const futures: Candle[] = readdirSync(FUTURES_DIR)
  .filter((f) => f.endsWith('.csv'))
  .flatMap((f) => parseKlineCsv(readFileSync(join(FUTURES_DIR, f), 'utf8')))
  .sort((a, b) => a.t - b.t);
const spot = parseKlineCsv(readFileSync('examples/binance/spot/BTCUSDT-1h-2024-08.csv', 'utf8'));

function article(candles: Candle[], iso: string, file: string) {
  const at = Date.parse(iso);
  const facts = analyseMarket(snapshotFromKlines(candles, at, { file }));
  const doc = writeArticle(facts, templates, { form: 'full' });
  return { facts, doc, text: renderText(doc), at };
}

describe('5 August 2024, 08:00 UTC on the USD-M futures year', () => {
  const { facts, doc, text, at } = article(futures, '2024-08-05T08:00:00Z', 'BTCUSDT-1h-2024-08.csv');
  const day = futures.filter((c) => c.t >= at - 24 * HOUR && c.t < at);
  const low = Math.min(...day.map((c) => c.l));
  const last = day[day.length - 1]!;

  it("THEN it states the futures file's own intraday low, when it came, and the rebound off it", () => {
    expect(low).toBe(48_888);
    expect(text).toMatch(
      /dipped as low as \$48,888 \(in the hour from 06:00 UTC\) before recovering (\d+\.\d)% off that low/,
    );
    const rebound = text.match(/recovering (\d+\.\d%) off that low/)![1];
    expect(rebound).toBe(formatPctAbs((last.c / low - 1) * 100));
  });

  it('THEN it states the drawdown from the March 2024 record of $73,881.4 and says which data it is the highest of', () => {
    const peak = Math.max(...futures.filter((c) => c.t < at).map((c) => c.h));
    expect(peak).toBe(73_881.4);
    const drawdown = formatPctAbs((1 - last.c / peak) * 100);
    expect(text).toContain(`It trades ${drawdown} below $73,881, the highest price in the`);
    expect(text).toContain('reached on 14 March 2024');
  });

  it('THEN "lowest since" measures intraday lows: the last earlier low at or under $48,888 (13 February 2024)', () => {
    const earlier = futures.filter((c) => c.t < at - 24 * HOUR && c.l <= low);
    const lastDay = new Date(earlier[earlier.length - 1]!.t).toISOString().slice(0, 10);
    expect(lastDay).toBe('2024-02-13');
    expect(text).toContain(
      "Measured by intraday lows, the day's low was the lowest Bitcoin had traded since 13 February 2024.",
    );
  });

  it('THEN the round number is stated as crossed for the first time since the last trade below it', () => {
    const below = futures.filter((c) => c.t < at - 24 * HOUR && c.l < 55_000);
    expect(new Date(below[below.length - 1]!.t).toISOString().slice(0, 10)).toBe('2024-07-08');
    expect(text).toContain('Bitcoin is below $55,000 for the first time since 8 July 2024.');
  });

  it('THEN the pace, the week and the month, and volume against its norm come from the candles', () => {
    // Times on the article's own day carry no date; the leg's start on the day before does.
    expect(text).toMatch(/from 4 August 2024, \d\d:00 UTC to 07:00 UTC/);
    const weekAgo = futures.find((c) => c.t === at - 7 * 24 * HOUR)!;
    expect(text).toContain(`Over the past week Bitcoin is down ${formatPctAbs((1 - last.c / weekAgo.o) * 100)}`);
    expect(text).toMatch(/volume ran at \d+\.\dx its average hour over the past month/);
    expect(facts.volume!.baseline.full).toBe(true);
  });

  it('THEN no cause is claimed without derivatives data, "crypto" is not used for one coin, and each figure is stated once', () => {
    expect(text).not.toMatch(/forced selling|liquidations? (hit|came)|leverage (unwind|flush)/i);
    expect(text).toContain('Without liquidation, open-interest and funding data');
    expect(text).not.toMatch(/\bcrypto\b/i);
    expect(repeatedFigures(doc)).toEqual([]);
    expect(forbiddenTokens(text)).toEqual([]);
    expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
  });

  it('THEN the lede and the bottom line share no phrase of four words, and headings agree with their bodies', () => {
    expect(ledeBottomRepeats(doc)).toEqual([]);
    const trigger = doc.sections.find((s) => s.id === 'trigger')!;
    expect(trigger.heading).toBe('What gave way');
    expect(trigger.paragraphs.join(' ')).toMatch(/gave up|carried Bitcoin through|below \$55,000/);
  });
});

describe('5 August 2024 on the spot file (August only)', () => {
  const { doc, text, facts } = article(spot, '2024-08-05T07:00:00Z', 'BTCUSDT-1h-2024-08.csv');
  it('THEN it states the $49,000 spot low and the rebound to the $51,588 close, and that the low is the lowest in its few days of data', () => {
    expect(text).toContain('$51,588');
    expect(text).toMatch(
      /dipped as low as \$49,000 \(in the hour from 06:00 UTC\) before recovering 5\.3% off that low/,
    );
    expect(text).toMatch(/nothing in the 4 days of data traded lower than the day's low/);
    // With four days of data there is no week and no month: the change over the data names its real span.
    expect(facts.arc?.week?.full ?? false).toBe(false);
    expect(facts.arc?.month).toBeUndefined();
    expect(text).not.toMatch(/the past week|the past month/);
    expect(text).toMatch(/Over the past 4 days of data Bitcoin is down \d+\.\d%/);
    // Supports are prices this short file traded at: nothing 10% below the lowest trade.
    for (const s of facts.levels.supports) expect(s.price.value).toBeGreaterThan(49_000 * 0.9);
    expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
  });
});

describe('14 March 2024: the record day', () => {
  it("THEN the article says the day's high is a record in the data", () => {
    const { text, facts } = article(futures, '2024-03-14T12:00:00Z', 'BTCUSDT-1h-2024-03.csv');
    expect(facts.dayRange!.high.value).toBe(73_881.4);
    expect(text).toMatch(/The day's high is a record in the data: nothing in the \d+ days of data traded higher\./);
    expect(text).toContain('$73,881');
  });
});

describe('every seventh hour of 2024 (about 1,250 replays of days the bot has not seen)', () => {
  it('THEN the headline names the price of the last close and the direction of the day, and nothing is untraced', () => {
    const t0 = futures[0]!.t + 31 * 24 * HOUR;
    const end = futures[futures.length - 1]!.t + HOUR;
    const byTime = new Map(futures.map((c) => [c.t, c]));
    let tried = 0;
    for (let at = t0; at <= end; at += 7 * HOUR) {
      const snapshot = snapshotFromKlines(futures, at, { file: 'BTCUSDT-1h-2024.csv' });
      const facts = analyseMarket(snapshot);
      const doc = writeArticle(facts, templates, { form: 'short' });
      const last = byTime.get(at - HOUR)!;
      const dayAgo = byTime.get(at - 24 * HOUR)!;
      const change = (last.c / dayAgo.o - 1) * 100;
      const price = `$${Math.round(last.c).toLocaleString('en-US')}`;
      expect(doc.title, new Date(at).toISOString()).toContain(price);
      if (change <= -1) expect(doc.direction, doc.title).toBe('down');
      else if (change >= 1) expect(doc.direction, doc.title).toBe('up');
      else expect(doc.direction, doc.title).toBe('flat');
      expect(forbiddenTokens(renderText(doc))).toEqual([]);
      expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
      tried++;
    }
    expect(tried).toBeGreaterThan(1000);
  }, 180_000);
});
