// Text a Discord embed shows as it is: markdown escaped, and nothing in it rendered as a link, a mention or a
// custom emoji, so whatever a user typed and whybot quotes back ("“[gift](https://…)” is not a coin") stays
// inert. Pings are also stopped by `allowed_mentions` (none); this keeps them from even looking like one.
import { escapeMarkdown } from 'discord.js';

/** A zero-width space: breaks a link or mention for Discord's parser without changing what the reader sees. */
const BREAK = '\u200b';

/**
 * Escape `text` for an embed description or title. discord.js's `escapeMarkdown` leaves masked links alone by
 * default (and its `maskedLink` option escapes only the first of several), so every bracket is escaped here;
 * `://` is broken so no URL is auto-linked; `<` and `@` are broken so `<@id>`, `<#id>`, `<:emoji:id>` and
 * `@everyone` stay text.
 */
export function discordPlainText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    .replace(/[[\]]/g, '\\$&')
    .replace(/:\/\//g, `:${BREAK}//`)
    .replace(/</g, `<${BREAK}`)
    .replace(/@(?=\S)/g, `@${BREAK}`);
}
