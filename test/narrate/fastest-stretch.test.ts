// A long fall that came almost all in a short stretch is told as that stretch, then the whole: on 13 April 2024
// (USD-M futures), $7,615 of the day's $8,323 fall came in the two hours from 19:00 UTC; "came fast: $8,323 in
// 17 hours" would have hidden when it happened.
import { expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { futuresYear2024, snapshotFromKlines } from '../helpers/kline-snapshot.ts';

it('GIVEN a 17-hour fall with 92% of it in two hours THEN the fastest stretch is named with its hour, then the whole fall', () => {
  const futures = futuresYear2024();
  const facts = analyseMarket(snapshotFromKlines(futures, Date.UTC(2024, 3, 13, 22), { file: 'BTCUSDT-1h-2024.csv' }));
  const leg = facts.pace?.leg;
  expect(leg?.burstSize.value).toBeGreaterThanOrEqual(0.9 * leg!.size.value);
  const text = renderText(writeArticle(facts, loadTemplates(), { form: 'full' }));
  expect(text).toContain('The fastest stretch was $7,615 lost in 2 hours from 19:00 UTC');
  expect(text).toContain('in all the fall ran $8,323 over 17 hours, into the day');
  expect(text).not.toContain('came fast');
});
