// Every language, checked the same way: every key and template present, dozens of replayed articles with no
// English words outside names and tickers, within Discord's and Telegram's limits, and stating the very same
// figures (values, sources, times) as the English article. A pseudo-language added as files only proves that
// every word a reader sees comes from a language's files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../commands/index.ts';
import { analyseCoin, analyseMarket } from '../../src/analyse/index.ts';
import type { Facts } from '../../src/analyse/facts.ts';
import { renderDiscordEmbeds } from '../../src/adapters/discord/article-embeds.ts';
import { renderTelegramHtml } from '../../src/adapters/telegram/article-html.ts';
import { loadLanguages } from '../../src/app/languages.ts';
import { TEMPLATES_ROOT } from '../../src/app/templates.ts';
import { renderText, writeArticle } from '../../src/narrate/index.ts';
import { warmEngine } from '../../src/narrate/engine.ts';
import { discordProblems, telegramProblems } from '../helpers/article-checks.ts';
import { parseKlineCsv, snapshotFromKlines } from '../helpers/kline-snapshot.ts';
import { leverageRecords, leverageRecordsWithStandIn } from '../helpers/leverage-records.ts';
import { referenceSnapshot } from '../helpers/reference-snapshot.ts';
import { englishVocabulary, englishWordsIn } from './english-words.ts';
import { withPseudoLanguage } from './pseudo-language.ts';

const DAY = 86_400_000;
const languages = loadLanguages();
const others = languages.codes.filter((c) => c !== 'en');

const vocabulary = englishVocabulary(TEMPLATES_ROOT);

/** Three dozen replayed moments: the reference day, and a day a week through the 2024 futures year. */
function replayedFacts(): Facts[] {
  const dir = 'examples/binance/futures/um';
  const futures = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .flatMap((f) => parseKlineCsv(readFileSync(join(dir, f), 'utf8')))
    .sort((a, b) => a.t - b.t);
  const first = Math.ceil((futures[0]!.t + 31 * DAY) / DAY) * DAY + 8 * 3_600_000;
  const out: Facts[] = [
    analyseMarket(referenceSnapshot()),
    analyseCoin(referenceSnapshot(), 'ETH'),
    // leverage across venues ranked against a long record, and against the venues with a longer one (generated)
    analyseMarket(
      referenceSnapshot({
        marketLeverage: leverageRecords(411, { liqOn: { 100: 900e6 }, fundingOn: { 200: -0.0003 } }),
      }),
    ),
    analyseMarket(referenceSnapshot({ marketLeverage: leverageRecordsWithStandIn() })),
  ];
  for (let at = first; at <= futures[futures.length - 1]!.t && out.length < 36; at += 9 * DAY)
    out.push(analyseMarket(snapshotFromKlines(futures, at, { file: 'BTCUSDT-1h-2024.csv' })));
  return out;
}

const facts = replayedFacts();
const figureKey = (f: { id: string; value: number; source: string; asOf: number }) =>
  `${f.id}|${f.value}|${f.source}|${f.asOf}`;

describe('every language has every word', () => {
  it('GIVEN the command definitions THEN English commands.yaml describes them in the very same words', () => {
    const en = languages.pack('en').ui;
    const drift: string[] = [];
    for (const c of commands) {
      if (en.t(`command.${c.name}.description`) !== c.description) drift.push(c.name);
      if (en.t(`command.${c.name}.name`) !== c.name) drift.push(`${c.name} name`);
      for (const o of c.options)
        if (en.t(`command.${c.name}.option.${o.name}`) !== o.description) drift.push(`${c.name} ${o.name}`);
    }
    expect(drift).toEqual([]);
  });

  const english = readdirSync(join(TEMPLATES_ROOT, 'en')).sort();
  const keysOf = (code: string, file: string) =>
    Object.keys((parse(readFileSync(join(TEMPLATES_ROOT, code, file), 'utf8')) as { messages: object }).messages);
  it.each(languages.codes)(
    'GIVEN %s THEN every template parses ahead of the first article (start-up warming)',
    (code) => {
      expect(() => warmEngine(languages.pack(code).templates)).not.toThrow();
    },
  );

  it.each(others)('GIVEN %s THEN it has every template file and every message key of English', (code) => {
    expect(readdirSync(join(TEMPLATES_ROOT, code)).sort()).toEqual(english);
    for (const file of ['messages.yaml', 'commands.yaml'])
      expect(
        keysOf('en', file).filter((k) => !keysOf(code, file).includes(k)),
        `${code}/${file}`,
      ).toEqual([]);
  });
});

describe.each(others)('articles in %s', (code) => {
  const { templates } = languages.pack(code);
  const english = languages.pack('en').templates;
  it(`GIVEN ${facts.length} replayed moments THEN no English words, every limit kept, and the same figures as English`, () => {
    for (const f of facts) {
      for (const form of ['short', 'full'] as const) {
        const doc = writeArticle(f, templates, { form });
        const text = renderText(doc);
        expect(englishWordsIn(text, vocabulary), text).toEqual([]);
        expect(discordProblems(renderDiscordEmbeds(doc), form === 'short')).toEqual([]);
        expect(telegramProblems(renderTelegramHtml(doc), form === 'short')).toEqual([]);
        expect(text).not.toMatch(/undefined|NaN|\[object/);
        // Chinese prose has no spaces between its characters
        if (code === 'zh')
          expect(doc.sections.flatMap((x) => x.paragraphs).join('\n')).not.toMatch(/\p{Script=Han} +\p{Script=Han}/u);
        // the same facts: every figure this article states, English states too (value, source and time). The
        // short form drops sections to fit a character budget, and a denser script keeps more of them, so a short
        // article is held to the English full one
        const en = new Set(writeArticle(f, english, { form: 'full' }).figures.map(figureKey));
        const missing = doc.figures.filter((g) => !en.has(figureKey(g)) && !/\.(abs|time|ordinal)$/.test(g.id));
        expect(missing.map((g) => `${g.id}=${g.text}`)).toEqual([]);
        expect(doc.language).toBe(code);
      }
    }
  }, 120_000);
});

describe('a pseudo-language added as files only', () => {
  it('GIVEN its folder and its line in languages.yaml THEN every word comes from its files and every layout fits', () => {
    const root = withPseudoLanguage(TEMPLATES_ROOT);
    const catalog = loadLanguages(root);
    expect(catalog.codes).toContain('xx');
    const { templates, ui } = catalog.pack('xx');
    expect(ui.t('help.title')).not.toMatch(/[A-Za-z]{3}/);
    for (const f of facts.slice(0, 12)) {
      for (const form of ['short', 'full'] as const) {
        const doc = writeArticle(f, templates, { form });
        const text = renderText(doc);
        // the pseudo-locale's month names and list words come from Intl's English data, not from its files
        const intl = /^(and|January|February|March|April|May|June|July|August|September|October|November|December)$/;
        expect(
          englishWordsIn(text, vocabulary).filter((w) => !intl.test(w)),
          text,
        ).toEqual([]);
        expect(discordProblems(renderDiscordEmbeds(doc), form === 'short')).toEqual([]);
        expect(telegramProblems(renderTelegramHtml(doc), form === 'short')).toEqual([]);
      }
    }
  });
});
