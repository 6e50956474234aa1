// The article checks used by the golden and property tests must be able to fail: each is shown a bad case.
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { writeArticle } from '../../src/narrate/index.ts';
import { documentText, forbiddenTokens, untracedNumbers } from '../helpers/article-checks.ts';
import { copiedRuns, hashRuns } from '../helpers/reference-runs.ts';
import { referenceSnapshot } from '../helpers/reference-snapshot.ts';

describe('article checks', () => {
  it('GIVEN a sentence copied from a reference article THEN the eight-word check finds it', () => {
    // Checked against the stored hashes of the reference articles' runs (the fixture), as the golden test is.
    const copied =
      'Analysts agree. Over the past 24 hours alone, approximately $237 million in Bitcoin long positions have been liquidated.';
    expect(copiedRuns(copied).length).toBeGreaterThan(0);
    expect(copiedRuns('Liquidated Bitcoin longs alone came to $237M over the day.')).toEqual([]);
  });

  it('GIVEN a text THEN its runs hash the way the fixture was made, so a copy of it is found and a rewording is not', () => {
    const own = new Set(
      hashRuns(['The market fell hard today as leveraged traders were forced out of their positions.']),
    );
    expect(
      copiedRuns('Again: the market fell hard today as leveraged traders were forced out.', own).length,
    ).toBeGreaterThan(0);
    expect(copiedRuns('Prices slid while borrowed bets were closed by the exchanges overnight.', own)).toEqual([]);
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
