// The article checks used by the golden and property tests must be able to fail: each is shown a bad case.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { writeArticle } from '../../src/narrate/index.ts';
import { documentText, forbiddenTokens, untracedNumbers, wordRuns } from '../helpers/article-checks.ts';
import { referenceSnapshot } from '../helpers/reference-snapshot.ts';

describe('article checks', () => {
  it('GIVEN a sentence copied from a reference article THEN the eight-word check finds it', () => {
    const ref = wordRuns(readFileSync('/work/shared/reference-articles/003_8e8d785f63898a59.txt', 'utf8'));
    const copied = 'Analysts agree. Over the past 24 hours alone, approximately $237 million in Bitcoin long positions have been liquidated.';
    expect([...wordRuns(copied)].filter((r) => ref.has(r)).length).toBeGreaterThan(0);
    expect([...wordRuns('Liquidated Bitcoin longs alone came to $237M over the day.')].filter((r) => ref.has(r))).toEqual([]);
  });

  it('GIVEN a number that no figure states THEN the traceability check reports it', () => {
    const facts = analyseMarket(referenceSnapshot());
    const doc = writeArticle(facts, loadTemplates(), { form: 'short' });
    expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
    expect(untracedNumbers(`${documentText(doc)} Analysts expect $80,000 by Friday.`, doc, facts)).toEqual(['$80,000']);
  });

  it('GIVEN placeholders for missing data THEN the forbidden-token check reports them, but not real small prices', () => {
    expect(forbiddenTokens('BTC at $0 and NaN% with undefined')).toEqual(['NaN', 'undefined', '$0']);
    expect(forbiddenTokens('funding -0.0% and $0.00 left')).toEqual(['$0.00', '-0.0%']);
    expect(forbiddenTokens('PEPE at $0.00001234, down 0.0%')).toEqual([]);
  });
});
