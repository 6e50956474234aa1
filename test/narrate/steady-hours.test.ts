// Three steady hours to the printed precision: the article says the price barely moved and prints no "0.0%"
// (9 March 2024, 08:00 UTC on the USD-M futures files: the last three hours moved less than 0.05%).
import { expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { futuresYear2024, snapshotFromKlines } from '../helpers/kline-snapshot.ts';

it('GIVEN three hours within 0.05% THEN "barely moved", with no 0.0% figure', () => {
  const futures = futuresYear2024();
  const facts = analyseMarket(snapshotFromKlines(futures, Date.UTC(2024, 2, 9, 8), { file: 'BTCUSDT-1h-2024.csv' }));
  expect(facts.pace?.recent?.state).toBe('steady');
  expect(Math.abs(facts.pace!.recent!.change.value)).toBeLessThan(0.05);
  const text = renderText(writeArticle(facts, loadTemplates(), { form: 'full' }));
  expect(text).toContain('Over the last three hours the price barely moved.');
  expect(text).not.toMatch(/\b0\.0%/);
});
