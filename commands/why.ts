// /why [coin] [full]: the article explaining why the market (or one coin) is moving today, with its chart
// (7 days, or 30 for the full article) and its buttons (commands/article-buttons.ts).
import { articleReply } from './article-buttons.ts';
import { resolveCoin } from './coin.ts';
import type { CommandDefinition } from './types.ts';

/** The `why` command. */
export const whyCommand: CommandDefinition = {
  name: 'why',
  description: 'Why is crypto moving today? A short article from live market data.',
  access: 'everyone',
  options: [
    { kind: 'coin', name: 'coin', description: 'Coin to explain, e.g. BTC (default: the whole tracked market)' },
    { kind: 'flag', name: 'full', description: 'The full article with every section' },
  ],
  async run(invocation, services) {
    const typed = invocation.options.coin;
    const coin = typeof typed === 'string' ? resolveCoin(typed, services.trackedCoins()) : undefined;
    const form = invocation.options.full === true ? 'full' : 'short';
    return articleReply(services, coin, form);
  },
};
