// Public surface of the narrate layer (pure: Facts + template strings in, document and renderings out).
export type { ArticleDocument, Direction, Figure, KeyFigure, Section } from '../core/document.ts';
export { writeArticle, MissingTemplateError, SHORT_FORM_MAX_CHARS, type WriteOptions } from './write-article.ts';
export { SECTION_IDS, TEMPLATE_NAMES, type TemplateName } from './context.ts';
export { renderText } from './render-text.ts';
export { renderDiscordEmbeds, DIRECTION_COLORS, type DiscordEmbed, type DiscordEmbedField, type DiscordEmbedMessage } from './render-discord.ts';
export { renderTelegramHtml, escapeHtml } from './render-telegram.ts';
export { DISCORD, TELEGRAM } from './limits.ts';
export {
  formatCoefficient,
  formatCount,
  formatDate,
  formatDateTime,
  formatFact,
  formatFunding,
  formatMultiple,
  formatPct,
  formatPctAbs,
  formatPrice,
  formatShare,
  formatUsdAbs,
  formatUsdSigned,
} from './format.ts';
