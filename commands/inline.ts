// Inline mode (`@whybot btc` typed in any Telegram chat): the short article for the coin typed, or for the whole
// market when nothing is typed. Defined beside the commands; the Telegram adapter turns it into inline results.
import type { WhyServices } from './services.ts';
import { articleReply } from './article-buttons.ts';
import { resolveCoin } from './coin.ts';
import type { ArticleReply } from '../src/core/reply.ts';
import type { Speaker } from './types.ts';

/** The article an inline query offers. Throws UnknownCoinError for a coin that is not tracked. */
export async function inlineArticle(query: string, services: WhyServices, speaker: Speaker): Promise<ArticleReply> {
  const typed = query.trim();
  const coin = typed === '' ? undefined : resolveCoin(typed.split(/\s+/u)[0]!, services.trackedCoins());
  const reply = await articleReply(services, coin, 'short', speaker);
  // An inline message is not the bot's own: its button presses would arrive without the message to answer.
  const { buttons: _buttons, ...rest } = reply;
  return rest;
}
