// The golden test of issue 4: the reference articles' own figures, written up in our own words.
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/index.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { renderDiscordEmbeds } from '../../src/adapters/discord/article-embeds.ts';
import { renderTelegramHtml } from '../../src/adapters/telegram/article-html.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import {
  discordProblems,
  documentText,
  forbiddenTokens,
  repeatedFigures,
  telegramProblems,
  untracedNumbers,
} from '../helpers/article-checks.ts';
import { copiedRuns, referenceRunHashes } from '../helpers/reference-runs.ts';
import { referenceSnapshot, REFERENCE_NOW } from '../helpers/reference-snapshot.ts';

const templates = loadTemplates();
// Hashes of the reference articles' eight-word runs (their text is not in the repository).
const referenceRuns = referenceRunHashes();

describe('golden article from the reference figures', () => {
  const facts = analyseMarket(referenceSnapshot());
  const doc = writeArticle(facts, templates, { form: 'full' });
  const text = renderText(doc);

  it('THEN it states every reference figure', () => {
    expect(text).toContain('$76,831');
    expect(text).toMatch(/BTC: \$76,831 \(-2\.0%\)/);
    expect(text).toMatch(/Ether -6\.0%/);
    expect(text).toMatch(/BNB -3\.0%/);
    expect(text).toMatch(/Solana -3\.0%/);
    expect(text).toMatch(/XRP -4\.3%/);
    expect(text).toMatch(
      /Bitcoin longs alone came to \$237M over the day, \$2\.16B over the week and \$4\.4B over the month/,
    );
    // The lede's flush line gives the day's fall in open interest; the leverage section adds the dollars, once each.
    expect(text).toMatch(/while open interest fell 4\.4%/);
    expect(text).toMatch(/Open interest .* lost roughly \$26B of positions over the day, leaving \$565B open/);
    expect(repeatedFigures(doc)).toEqual([]);
    expect(text).toMatch(/shrunk 34\.0%/);
    // Supports are prices traded in the data: the two round levels the daily swings made, nothing below the data.
    expect(text).toMatch(/\$75,000 and \$70,000/);
    expect(text).toMatch(/Strategy is about \$900M under water/);
    expect(text).toContain('Extreme Fear');
    expect(text).toMatch(
      /431 of 480 perpetual markets on Binance USD-M are lower on the day \(90%\), with a median move of -4\.1%/,
    );
    expect(text).toMatch(
      /Outside crypto, tokenized gold \(PAXG\) lost 2\.3% over the same day, so the selling is not confined to crypto/,
    );
    expect(doc.title).toMatch(/down/i);
    expect(doc.direction).toBe('down');
  });

  it('THEN the figures list carries each of them with its source and time', () => {
    const byText = new Map(doc.figures.map((f) => [f.text, f]));
    expect(byText.get('$237M')).toMatchObject({
      id: 'liq.24h.BTC.longs',
      source: 'whybot liquidation store',
      asOf: REFERENCE_NOW,
    });
    expect(byText.get('$76,831')).toMatchObject({ id: 'BTC.price', source: 'Binance USD-M fetchTickers' });
    expect(byText.get('$75,000')!.source).toMatch(/^computed from Binance USD-M fetchOHLCV/);
  });

  it('THEN every number is traceable and nothing forbidden is printed', () => {
    expect(untracedNumbers(documentText(doc), doc, facts)).toEqual([]);
    expect(forbiddenTokens(text)).toEqual([]);
  });

  it('THEN no run of eight words is shared with the reference articles, for any phrasing variant', () => {
    for (let day = 0; day < 40; day++) {
      const at = REFERENCE_NOW + day * 86_400_000;
      const f = analyseMarket(referenceSnapshot({ builtAt: at }), { now: REFERENCE_NOW });
      // Same data, a different day key: the variants rotate.
      const shifted = { ...f, asOf: at };
      for (const form of ['short', 'full'] as const) {
        const t = renderText(writeArticle(shifted, templates, { form }));
        expect(copiedRuns(t, referenceRuns)).toEqual([]);
      }
    }
  });

  it('THEN the short form fits one Discord embed and one Telegram message, and the full form respects the limits', () => {
    const short = writeArticle(facts, templates, { form: 'short' });
    expect(discordProblems(renderDiscordEmbeds(short), true)).toEqual([]);
    expect(telegramProblems(renderTelegramHtml(short), true)).toEqual([]);
    expect(discordProblems(renderDiscordEmbeds(doc), false)).toEqual([]);
    expect(telegramProblems(renderTelegramHtml(doc), false)).toEqual([]);
    expect(short.sections.every((s) => s.heading === undefined)).toBe(true);
    expect(renderText(short).length).toBeLessThan(text.length);
  });
});
