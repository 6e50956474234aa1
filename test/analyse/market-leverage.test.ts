// Leverage across the market from whybot's records: open interest now, over the day and against its peak; funding
// weighted by open interest and "the lowest since"; liquidations, open-interest drops and funding ranked against
// the days on record, and no ranking (the record's length instead) with fewer than 30 days. Records are generated
// here with known values.
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { fact } from '../../src/analyse/fact.ts';
import { marketLeverageFacts } from '../../src/analyse/market-leverage.ts';
import { standing } from '../../src/analyse/rank.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import type { MarketLeverageHistory, Part } from '../../src/gather/types.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { documentText, untracedNumbers } from '../helpers/article-checks.ts';
import { leverageRecords as history, leverageRecordsWithStandIn as withStandIn } from '../helpers/leverage-records.ts';
import { REFERENCE_NOW, referenceSnapshot } from '../helpers/reference-snapshot.ts';

const DAY = 86_400_000;
const now = REFERENCE_NOW;
const today = Math.floor(now / DAY) * DAY;

const liq24 = (usd: number) => fact('liq.24h.total', 'Liquidations 24h', usd, 'usd', 'store', now);

describe('standing', () => {
  it('GIVEN days 5, 9, 3, 7 THEN 8 ranks 2nd of 5, the most since the 9; 10 is a record; 2 is the lowest', () => {
    const h = [5, 9, 3, 7].map((value, i) => ({ t: i, value }));
    expect(standing(h, 8, 'high')).toEqual({ rank: 2, days: 5, since: 1 });
    expect(standing(h, 10, 'high')).toEqual({ rank: 1, days: 5 });
    expect(standing(h, 2, 'low')).toEqual({ rank: 1, days: 5 });
    expect(standing([], 2, 'low')).toBeUndefined();
  });
});

describe('marketLeverageFacts', () => {
  it('GIVEN 412 days of records THEN -13.75% over the day, -31% from the peak, and every rank', () => {
    const gaps: string[] = [];
    const m = marketLeverageFacts({
      part: history(411, { liqOn: { 100: 900e6 }, fundingOn: { 200: -0.0003 } }),
      liquidations24h: liq24(500e6),
      now,
      maxAgeMs: 3_600_000,
      gaps,
    })!;
    expect(m.oiNow.value).toBe(103.5e9);
    expect(m.oiChange24h!.value).toBeCloseTo(-13.75, 9);
    expect(m.peak!.at.value).toBe(today - 30 * DAY);
    expect(m.peak!.fromPeak.value).toBeCloseTo(-31, 9);
    expect(m.fundingNow!.value).toBeCloseTo(-0.02, 12);
    expect(m.recordDays.value).toBe(412);
    expect(m.ranks.funding).toMatchObject({ record: false });
    expect(m.ranks.funding!.since!.value).toBe(today - 200 * DAY);
    expect(m.ranks.liquidations!.rank.value).toBe(2);
    expect(m.ranks.liquidations!.since!.value).toBe(today - 100 * DAY);
    expect(m.ranks.oiDrop).toMatchObject({ record: true }); // the worst day-over-day fall on record was -11.1%
    expect(m.ranks.oiDrop!.days.value).toBe(411);
    expect(gaps).toEqual([]);
  });

  it('GIVEN 12 days of records THEN nothing is ranked, and a stale record gives no facts at all', () => {
    const m = marketLeverageFacts({
      part: history(11),
      liquidations24h: liq24(5e9),
      now,
      maxAgeMs: 3_600_000,
      gaps: [],
    })!;
    expect(m.recordDays.value).toBe(12);
    expect(m.ranks).toEqual({});
    const gaps: string[] = [];
    expect(
      marketLeverageFacts({ part: history(40), now: now + 5 * 3_600_000, maxAgeMs: 3_600_000, gaps }),
    ).toBeUndefined();
    expect(gaps).toEqual(['open interest across venues: no fresh round']);
  });
});

describe('comparisons on the venues with longer records', () => {
  it('GIVEN 5 days over all venues and 400 over two of them THEN peak and ranks are theirs, with their share', () => {
    const m = marketLeverageFacts({
      part: withStandIn(),
      liquidations24h: liq24(5e9),
      now,
      maxAgeMs: 3_600_000,
      gaps: [],
    })!;
    // today's figures stay those of all venues
    expect(m.oiNow.value).toBe(103.5e9);
    expect(m.oiChange24h!.value).toBeCloseTo(-13.75, 9);
    expect(m.recordDays.value).toBe(5);
    expect(m.standIn!.venues).toEqual(['binanceusdm', 'bybit']);
    expect(m.standIn!.share.value).toBeCloseTo(60, 9);
    expect(m.standIn!.recordDays.value).toBe(400);
    expect(m.peak!.at.value).toBe(today - 40 * DAY);
    expect(m.peak!.fromPeak.value).toBeCloseTo(-32.5, 9);
    expect(m.standIn!.oiChange24h!.value).toBeCloseTo(-10, 9);
    expect(m.ranks.oiDrop).toMatchObject({ record: false });
    expect(m.ranks.oiDrop!.since!.value).toBe(today - 39 * DAY); // 80e9 -> 60e9 (-25%) was steeper
    expect(m.standIn!.fundingNow!.value).toBeCloseTo(-0.03, 12);
    expect(m.ranks.funding!.since!.value).toBe(today - 90 * DAY);
    // liquidations are recorded over every venue; five days are too few to rank them
    expect(m.ranks.liquidations).toBeUndefined();
  });
});

describe('the market article with leverage records', () => {
  const templates = loadTemplates();
  const text = (part: Part<MarketLeverageHistory>) => {
    const facts = analyseMarket(referenceSnapshot({ marketLeverage: part }));
    const doc = writeArticle(facts, templates, { form: 'full' });
    expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
    return renderText(doc);
  };

  it('GIVEN 412 days THEN it states the total, the fall from the dated peak, the lowest funding since and the ranks', () => {
    const out = text(history(411, { liqOn: { 100: 900e6 }, fundingOn: { 200: -0.0003 } }));
    expect(out).toMatch(
      /Across Binance USD-M, Bybit and OKX, open interest on BTC and ETH perpetuals totals \$104B, 13\.7% less than a day earlier; that is 31\.0% below its peak of \d+ \w+ 20\d\d in whybot's records\./,
    );
    expect(out).toContain('It is the steepest one-day fall in the 411 days of records.');
    expect(out).toMatch(
      /funding across these venues averages -0\.0200% per eight hours, the lowest since \d+ \w+ 20\d\d\./,
    );
    expect(out).toMatch(/The day's liquidations are the most since \d+ \w+ 20\d\d\./);
  });

  it('GIVEN a short record over all venues and a long one over two THEN it names the two and their share', () => {
    const out = text(withStandIn());
    expect(out).toMatch(
      /Across Binance USD-M, Bybit and OKX, open interest on BTC and ETH perpetuals totals \$104B, 13\.7% less than a day earlier\. The records whybot keeps of all of them go back 5 days, too short to rank on; Binance USD-M and Bybit, which hold 60\.0% of that open interest, have 400 days of records, and there open interest is 32\.5% below its peak of \d+ \w+ 20\d\d\. Their fall of 10\.0% over the day is the steepest since \d+ \w+ 20\d\d\./,
    );
    expect(out).toMatch(
      /On the venues with the longer records it averages -0\.0300%, the lowest since \d+ \w+ 20\d\d\./,
    );
    expect(out).not.toContain('too short to rank the day against');
  });

  it('GIVEN 12 days THEN it says how long the record is instead of ranking', () => {
    const out = text(history(11));
    expect(out).toContain(
      'The records whybot keeps of these figures go back 12 days, too short to rank the day against.',
    );
    expect(out).not.toMatch(/most since|lowest since|steepest one-day fall|days of records/);
  });
});
