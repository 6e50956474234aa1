// writeArticle: sections drop with their data, variants are deterministic per day, per-coin and no-data articles.
import { describe, expect, it } from 'vitest';
import { analyseCoin, analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { renderText, SHORT_FORM_MAX_CHARS, writeArticle } from '../../src/narrate/index.ts';
import { documentText, forbiddenTokens, untracedNumbers } from '../helpers/article-checks.ts';
import { referenceSnapshot, REFERENCE_NOW } from '../helpers/reference-snapshot.ts';

const templates = loadTemplates();
const DAY = 86_400_000;

describe('writeArticle', () => {
  it('GIVEN no liquidation data THEN the liquidation section and its footer line are absent, the rest intact', () => {
    const doc = writeArticle(analyseMarket(referenceSnapshot({ liquidations: undefined })), templates, {
      form: 'full',
    });
    // the reference day is a slide weeks in the making: the longer arc and the weeks come before the day's stretch
    expect(doc.sections.map((s) => s.id)).toEqual([
      'lede',
      'arc',
      'periods',
      'trigger',
      'leverage',
      'spread',
      'watch',
      'bottom-line',
    ]);
    expect(doc.footer.join(' ')).not.toMatch(/liquidation/i);
  });

  it('GIVEN funding failed to fetch THEN no funding sentence, and no "0" or blank takes its place', () => {
    const facts = analyseMarket(referenceSnapshot({ funding: { ok: false, source: 'f', reason: 'HTTP 429' } }));
    const doc = writeArticle(facts, templates, { form: 'full' });
    const text = renderText(doc);
    expect(text).not.toMatch(/funding is|funding on/i);
    expect(documentText(doc)).not.toMatch(/ {2}|\( ?\)| ,| \./);
    expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
  });

  it('GIVEN no fresh price at all THEN the article says so, names no price or level, and keeps only data that exists', () => {
    const s = referenceSnapshot({ tickers: { ok: false, source: 't', reason: 'HTTP 500' } });
    for (const c of s.coins) s.hourly[c] = { ok: false, source: 'h', reason: 'HTTP 500' };
    const doc = writeArticle(analyseMarket(s), templates, { form: 'full' });
    expect(doc.title).toBe('Crypto: no fresh price data right now');
    expect(doc.sections[0]!.paragraphs[0]).toMatch(/^No fresh price data could be fetched/);
    expect(doc.sections.map((s) => s.id)).not.toContain('watch');
    expect(renderText(doc)).not.toMatch(/\$76,831|\$75,000/);
    expect(doc.footer).toContain('Not financial advice.');
    const bare = referenceSnapshot({
      tickers: { ok: false, source: 't', reason: 'HTTP 500' },
      liquidations: undefined,
      sentiment: undefined,
      holders: undefined,
      funding: { ok: false, source: 'f', reason: 'x' },
    });
    for (const c of bare.coins) {
      bare.hourly[c] = { ok: false, source: 'h', reason: 'HTTP 500' };
      bare.openInterest[c] = { ok: false, source: 'o', reason: 'HTTP 500' };
    }
    const empty = writeArticle(analyseMarket(bare), templates, { form: 'full' });
    expect(empty.sections.map((s) => s.id)).toEqual(['lede']);
    expect(renderText(empty)).not.toMatch(/\d/);
  });

  it('GIVEN the same facts THEN the same text; GIVEN other days THEN the phrasing varies', () => {
    const f = analyseMarket(referenceSnapshot());
    expect(renderText(writeArticle(f, templates, { form: 'full' }))).toBe(
      renderText(writeArticle(f, templates, { form: 'full' })),
    );
    const texts = new Set(
      Array.from({ length: 10 }, (_, d) =>
        renderText(writeArticle({ ...f, asOf: REFERENCE_NOW + d * DAY }, templates, { form: 'full' })),
      ),
    );
    expect(texts.size).toBeGreaterThan(3);
  });

  it('GIVEN a per-coin request THEN the article is about that coin, with its levels and its move against BTC', () => {
    const doc = writeArticle(analyseCoin(referenceSnapshot(), 'SOL'), templates, { form: 'full' });
    const text = renderText(doc);
    expect(doc.title).toMatch(/Solana|SOL/);
    expect(text).toMatch(/Solana's move is 1\.5x the size of Bitcoin's/);
    expect(text).toMatch(/Support for Solana sits at|The levels below Solana are/);
    expect(text).not.toMatch(/equal-weighted basket/);
    expect(forbiddenTokens(text)).toEqual([]);
  });

  it('GIVEN the short form THEN it stays within its budget and has no headings', () => {
    const doc = writeArticle(analyseMarket(referenceSnapshot()), templates, { form: 'short' });
    expect(renderText(doc).length).toBeLessThanOrEqual(SHORT_FORM_MAX_CHARS);
    expect(doc.sections.some((s) => s.heading)).toBe(false);
  });

  it('GIVEN a replay THEN the note comes first and the footer says it is recorded data', () => {
    const s = referenceSnapshot({ replay: { files: ['x.csv'], at: REFERENCE_NOW } });
    const doc = writeArticle(analyseMarket(s), templates, { form: 'short' });
    expect(doc.replayNote).toBe('Replay of 4 February 2026, 12:00 UTC — recorded data, not live');
    expect(doc.footer).toContain('Replay of recorded market data, not live.');
  });
});
