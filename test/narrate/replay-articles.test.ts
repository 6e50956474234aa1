// Articles from real August 2024 BTCUSDT klines: before, during and after the 5 August crash.
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { documentText, FALL_WORDS, forbiddenTokens, untracedNumbers } from '../helpers/article-checks.ts';
import { augustSnapshot } from '../helpers/kline-snapshot.ts';

const templates = loadTemplates();
const article = (iso: string, form: 'short' | 'full' = 'full') => {
  const facts = analyseMarket(augustSnapshot(iso));
  const doc = writeArticle(facts, templates, { form });
  return { facts, doc, text: renderText(doc) };
};

describe('replay of 5 August 2024, 07:00 UTC (the crash)', () => {
  for (const form of ['short', 'full'] as const) {
    it(`THEN the ${form} article says BTC fell sharply, gives $51,588 and about -15%, names supports below, and says it is a replay`, () => {
      const { doc, text, facts } = article('2024-08-05T07:00:00Z', form);
      expect(doc.direction).toBe('down');
      expect(doc.title).toMatch(/crash/i);
      expect(text).toContain('$51,588');
      expect(text).toContain('-15.2%');
      expect(doc.replayNote).toBe('Replay of 5 August 2024, 07:00 UTC — recorded data, not live');
      expect(text.split('\n')[1]).toContain('Replay of 5 August 2024');
      const supports = facts.levels.supports.map((s) => s.price.value);
      expect(supports.length).toBeGreaterThanOrEqual(2);
      for (const s of supports) expect(s).toBeLessThan(51_588);
      expect(text).toMatch(/Support for Bitcoin sits at|The levels below Bitcoin are/);
      expect(forbiddenTokens(text)).toEqual([]);
      expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
    });
  }

  it('THEN sentences needing data the replay lacks (open interest, funding, liquidations, alts) are simply absent', () => {
    const { doc, text } = article('2024-08-05T07:00:00Z');
    expect(doc.sections.map((s) => s.id)).not.toContain('liquidations');
    expect(doc.sections.map((s) => s.id)).not.toContain('leverage');
    expect(text).not.toMatch(/open interest on|funding is|liquidated|force-closed|forced selling|Ether/i);
    // It says which sources it lacked, once, instead of guessing at leverage.
    expect(text.match(/Without liquidation, open-interest and funding data/g)).toHaveLength(1);
    expect(text).toMatch(
      /nothing in the \d+ days of data traded lower than the day's low|lowest Bitcoin had traded since/,
    );
  });
});

describe('replay of 20 August 2024, 12:00 UTC (a rising day)', () => {
  it('THEN it says the market rose about 3.6% and never calls the day a crash or a fall', () => {
    for (const form of ['short', 'full'] as const) {
      const { doc, text } = article('2024-08-20T12:00:00Z', form);
      expect(doc.direction).toBe('up');
      expect(text).toContain('3.6%');
      expect(doc.title).toMatch(/up|climbs|gains/i);
      expect(text).not.toMatch(FALL_WORDS);
      expect(text).toContain('Replay of 20 August 2024, 12:00 UTC');
    }
  });
});

describe('replay of 2 August 2024, 12:00 UTC (before the crash)', () => {
  it('THEN it reads as a quiet day within normal volatility and names no invented cause', () => {
    const { doc, text } = article('2024-08-02T12:00:00Z');
    expect(doc.direction).toBe('flat');
    expect(text).toMatch(/within normal volatility/);
    expect(text).not.toMatch(/liquidat|leverage|fear/i);
  });
});
