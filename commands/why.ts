// /why [coin] [full] [date]: the article explaining why the market (or one coin) is moving today, with its chart
// (7 days, or 30 for the full article) and its buttons (commands/article-buttons.ts); with a date, the article of
// that past day from exchange history, labelled with the moment it describes.
import { articleChart, CHART_DAYS } from '../src/chart/reply-chart.ts';
import type { ArticleReply } from '../src/core/reply.ts';
import { articleReply } from './article-buttons.ts';
import { resolveCoin } from './coin.ts';
import { DATE_WORD, pastMoment } from './past-date.ts';
import type { WhyServices } from './services.ts';
import type { CommandDefinition, Speaker } from './types.ts';

/** The article of a past moment: labelled with it, and without buttons (they would bring today's data). */
async function pastReply(
  services: WhyServices,
  coin: string | undefined,
  form: 'short' | 'full',
  at: number,
  label: string,
  speaker: Speaker,
): Promise<ArticleReply> {
  const explanation = await services.explain({ ...(coin ? { coin } : {}), form, at, language: speaker.language });
  const files = await articleChart(services, explanation, CHART_DAYS[form]);
  return {
    kind: 'article',
    document: explanation.document,
    ...(files.length > 0 ? { files } : {}),
    note: speaker.ui.t('why.past_note', { when: label, exchange: explanation.snapshot.exchangeName }),
  };
}

/** The `why` command. */
export const whyCommand: CommandDefinition = {
  name: 'why',
  description: 'Why is crypto moving today? A short article from live market data.',
  access: 'everyone',
  options: [
    { kind: 'coin', name: 'coin', description: 'Coin to explain, e.g. BTC (default: the whole tracked market)' },
    { kind: 'flag', name: 'full', description: 'The full article with every section' },
    {
      kind: 'text',
      name: 'date',
      description: 'A past UTC day, e.g. 2025-10-10 (or 2025-10-10T21:30); default: now',
      maxLength: 20,
      accepts: DATE_WORD,
    },
  ],
  async run(invocation, services) {
    const typed = invocation.options.coin;
    const coin = typeof typed === 'string' ? resolveCoin(typed, services.trackedCoins()) : undefined;
    const form = invocation.options.full === true ? 'full' : 'short';
    const date = invocation.options.date;
    const past = typeof date === 'string' ? pastMoment(date, services.now()) : undefined;
    if (past) return pastReply(services, coin, form, past.at, past.label, invocation);
    return articleReply(services, coin, form, invocation);
  },
};
