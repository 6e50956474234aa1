// The calendar section is headed by what it holds: the year so far only when the data reaches back to the year's
// opening, the month so far when only the month is covered (four days of August 2024 spot candles).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { writeArticle } from '../../src/narrate/index.ts';
import { parseKlineCsv, snapshotFromKlines } from '../helpers/kline-snapshot.ts';

it('GIVEN data from 1 August 2024 only THEN "The month so far", with the month-to-date sentence and no year', () => {
  const klines = parseKlineCsv(readFileSync('examples/binance/spot/BTCUSDT-1h-2024-08.csv', 'utf8'));
  const facts = analyseMarket(snapshotFromKlines(klines, Date.UTC(2024, 7, 5, 7), { file: 'BTCUSDT-1h-2024-08.csv' }));
  expect(facts.periods?.yearToDate).toBeUndefined();
  const doc = writeArticle(facts, loadTemplates(), { form: 'full' });
  const periods = doc.sections.find((s) => s.id === 'periods');
  expect(periods?.heading).toBe('The month so far');
  expect(periods?.paragraphs.join(' ')).toMatch(
    /^Since the month opened at \$[\d,]+ on 1 August 2024, Bitcoin is down/,
  );
});
