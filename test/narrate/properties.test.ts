// Property tests: thousands of hostile random snapshots through analyse -> writeArticle -> every renderer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseCoin, analyseMarket } from '../../src/analyse/index.ts';
import { defaultAnalysisOptions } from '../../src/analyse/options.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { renderDiscordEmbeds } from '../../src/adapters/discord/article-embeds.ts';
import { renderTelegramHtml } from '../../src/adapters/telegram/article-html.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import {
  discordProblems,
  documentText,
  FALL_WORDS,
  forbiddenTokens,
  ledeBottomRepeats,
  repeatedFigures,
  RISE_WORDS,
  telegramProblems,
  untracedNumbers,
} from '../helpers/article-checks.ts';
import { snapshotArb } from '../helpers/random-snapshot.ts';

const templates = loadTemplates();
const flatBand = defaultAnalysisOptions.regime.flatBandPct;

/** Everything that must hold for one snapshot and one scope. */
function checkAll(facts: ReturnType<typeof analyseMarket>) {
  for (const form of ['short', 'full'] as const) {
    const doc = writeArticle(facts, templates, { form });
    const text = renderText(doc);
    const discord = renderDiscordEmbeds(doc);
    const telegram = renderTelegramHtml(doc);

    expect(forbiddenTokens(text), text).toEqual([]);
    expect(forbiddenTokens(JSON.stringify(discord))).toEqual([]);
    expect(forbiddenTokens(telegram.join('\n'))).toEqual([]);
    expect(untracedNumbers(documentText(doc), doc, facts), documentText(doc)).toEqual([]);
    // Each figure once in the prose; the lede and the bottom line never share a phrase.
    expect(repeatedFigures(doc), text).toEqual([]);
    expect(ledeBottomRepeats(doc), text).toEqual([]);
    for (const f of doc.figures) {
      expect(Number.isFinite(f.value) && Number.isFinite(f.asOf) && f.source.length > 0).toBe(true);
    }
    expect(doc.title.length).toBeGreaterThan(0);

    // The headline's direction matches the sign of the move.
    const move = facts.move?.value;
    if (doc.direction === 'up') expect(move).toBeGreaterThan(0);
    if (doc.direction === 'down') expect(move).toBeLessThan(0);
    if (move !== undefined && move >= flatBand) expect(doc.direction).toBe('up');
    if (move !== undefined && move <= -flatBand) expect(doc.direction).toBe('down');
    if (doc.direction === 'up') expect(text).not.toMatch(FALL_WORDS);
    if (doc.direction === 'down') expect(doc.title).not.toMatch(RISE_WORDS);

    expect(discordProblems(discord, form === 'short')).toEqual([]);
    expect(telegramProblems(telegram, form === 'short')).toEqual([]);
  }
}

describe('articles from hostile random snapshots', () => {
  it('GIVEN any snapshot WHEN the market article is written and rendered THEN it never throws, prints nothing invented and respects every limit', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        checkAll(analyseMarket(snapshot));
      }),
      { numRuns: 1000 },
    );
  }, 180_000);

  it('GIVEN any snapshot WHEN a per-coin article is written THEN the same guarantees hold', () => {
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom('BTC', 'ETH', 'SOL', '1000PEPE', 'DOGE'), (snapshot, coin) => {
        checkAll(analyseCoin(snapshot, coin));
      }),
      { numRuns: 500 },
    );
  }, 180_000);

  it('GIVEN the same snapshot twice WHEN written THEN the text is identical (variants are deterministic)', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const a = renderText(writeArticle(analyseMarket(snapshot), templates, { form: 'full' }));
        const b = renderText(writeArticle(analyseMarket(structuredClone(snapshot)), templates, { form: 'full' }));
        expect(a).toBe(b);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
