// Turns a neutral reply into Telegram HTML messages (escaped, split at 4096) and photos to send.
import type { Reply, ReplyFile } from '../../../commands/types.ts';
import { renderTelegramHtml } from '../article-renderers.ts';
import { escapeHtml, splitHtml } from '../html.ts';

/** What to send to Telegram for one reply. */
export interface TelegramMessage {
  /** HTML messages in order, each within Telegram's limit. */
  html: string[];
  /** Images to send after the text (charts, later). */
  photos: ReplyFile[];
}

/** Render a reply for Telegram's HTML parse mode. All user and data text is escaped. */
export function renderTelegramReply(reply: Reply): TelegramMessage {
  if (reply.kind === 'article') {
    return { html: renderTelegramHtml(reply.document), photos: (reply.files ?? []).filter((f) => f.contentType.startsWith('image/')) };
  }
  const head = reply.title === undefined ? [] : [`<b>${escapeHtml(reply.title)}</b>`];
  return { html: splitHtml([...head, ...reply.lines.map(escapeHtml)].join('\n')), photos: [] };
}
