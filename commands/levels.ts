// /levels [coin]: the support and resistance levels to watch, taken from the full article's "watch" section,
// with a 7-day chart drawing exactly those levels.
import type { ArticleDocument, Figure } from '../src/core/document.ts';
import { articleChart, CHART_DAYS } from '../src/chart/reply-chart.ts';
import { resolveCoin } from './coin.ts';
import type { CommandDefinition } from './types.ts';
import type { Words } from '../src/narrate/words.ts';

/** Sections of the article that talk about levels: the level broken, and what to watch next. */
const LEVEL_SECTIONS = ['trigger', 'watch'];

function figuresStated(figures: Figure[], texts: string[]): Figure[] {
  return figures.filter((f) => texts.some((t) => t.includes(f.text)));
}

/** The levels part of an article, or undefined when the article has no level section. */
export function levelsDocument(article: ArticleDocument, coin: string, ui: Words): ArticleDocument | undefined {
  const sections = article.sections.filter((s) => LEVEL_SECTIONS.includes(s.id) && s.paragraphs.length > 0);
  if (sections.length === 0) return undefined;
  const texts = [...sections.flatMap((s) => s.paragraphs), ...article.keyFigures.map((k) => k.text)];
  return {
    title: ui.t('levels.title', { coin }),
    direction: article.direction,
    ...(article.replayNote === undefined ? {} : { replayNote: article.replayNote }),
    sections,
    keyFigures: article.keyFigures,
    footer: article.footer,
    figures: figuresStated(article.figures, texts),
    ...(article.language === undefined ? {} : { language: article.language }),
    ...(article.locale === undefined ? {} : { locale: article.locale }),
  };
}

/** The `levels` command. */
export const levelsCommand: CommandDefinition = {
  name: 'levels',
  description: 'Support and resistance levels to watch, from recent candles.',
  access: 'everyone',
  options: [{ kind: 'coin', name: 'coin', description: 'Coin, e.g. ETH (default: the first tracked coin)' }],
  async run(invocation, services) {
    const tracked = services.trackedCoins();
    const typed = invocation.options.coin;
    const coin = typeof typed === 'string' ? resolveCoin(typed, tracked) : tracked[0];
    if (coin === undefined) {
      return { kind: 'notice', tone: 'error', lines: [invocation.ui.t('levels.no_coins')] };
    }
    const explanation = await services.explain({ coin, form: 'full', language: invocation.language });
    const levels = levelsDocument(explanation.document, coin, invocation.ui);
    if (levels === undefined) {
      return {
        kind: 'notice',
        tone: 'error',
        lines: [invocation.ui.t('levels.unavailable', { coin })],
      };
    }
    const files = await articleChart(services, { ...explanation, document: levels }, CHART_DAYS.short);
    return { kind: 'article', document: levels, ...(files.length > 0 ? { files } : {}) };
  },
};
