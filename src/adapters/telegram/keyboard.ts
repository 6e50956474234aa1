// Article buttons as a Telegram inline keyboard: "Full story" and "Refresh" in the first row, then the other
// coins four to a row. Each button's callback_data is the neutral button id (at most 64 bytes).
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { ArticleButton } from '../../../commands/article-buttons.ts';

/** The inline keyboard for an article's buttons, or undefined when there are none. */
export function telegramKeyboard(buttons: readonly ArticleButton[] = []): InlineKeyboardMarkup | undefined {
  if (buttons.length === 0) return undefined;
  const key = (b: ArticleButton): InlineKeyboardButton.CallbackButton => ({ text: b.label, callback_data: b.id });
  const main = buttons.filter((b) => b.action !== 'coin').map(key);
  const coins = buttons.filter((b) => b.action === 'coin').map(key);
  const rows: InlineKeyboardButton[][] = main.length > 0 ? [main] : [];
  for (let i = 0; i < coins.length; i += 4) rows.push(coins.slice(i, i + 4));
  return { inline_keyboard: rows };
}
