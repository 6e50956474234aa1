// The one place adapters get article renderers from: src/narrate's pure renderers (text, Discord embeds,
// Telegram HTML already escaped and split at 4096).
export { renderDiscordEmbeds, type DiscordEmbed, type DiscordEmbedMessage } from '../narrate/render-discord.ts';
export { renderTelegramHtml } from '../narrate/render-telegram.ts';
export { renderText } from '../narrate/render-text.ts';
