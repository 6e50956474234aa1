// Text a Telegram HTML message shows as it is: HTML escaped, and nothing in it turned into a link, a mention
// or a tag by Telegram's clients (which link bare URLs and domains like gift.com, @usernames, #hashtags and
// $CASHTAGS on their own), so whatever a user typed and whybot quotes back stays inert.
import { escapeHtml } from '../html.ts';

/** A zero-width space: breaks a link or mention for Telegram's parser without changing what the reader sees. */
const BREAK = '\u200b';

/**
 * Escape `text` for HTML parse mode and break what clients would link: `://`, a dot between a letter or digit
 * and a letter (a domain; decimals like 0.5 are left alone), `@` or `#` before a letter, digit or `_`, and `$`
 * before a letter (a cashtag; amounts like $1.2M are left alone).
 */
export function telegramPlainText(text: string): string {
  return escapeHtml(
    text
      .replace(/:\/\//g, `:${BREAK}//`)
      .replace(/(?<=[\p{L}\p{N}])\.(?=\p{L})/gu, `.${BREAK}`)
      .replace(/[@#](?=[\p{L}\p{N}_])|\$(?=\p{L})/gu, `$&${BREAK}`),
  );
}
