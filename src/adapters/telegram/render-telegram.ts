// Turns a neutral reply into Telegram HTML messages (escaped, split at 4096) and photos to send. A reply with
// a chart whose text fits a caption (1024 characters) goes as one photo with the text as its caption;
// longer text goes first and the photo follows with its description as the caption.
import type { Reply, ReplyFile } from '../../core/reply.ts';
import { renderTelegramHtml } from './article-html.ts';
import { escapeHtml, splitHtml } from './html.ts';
import { zonedTimeText } from '../times.ts';
import { tokeniseTimes } from '../localise.ts';
import { telegramKeyboard } from './keyboard.ts';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { telegramPlainText } from './plain-text.ts';

/** Telegram's limit on a photo caption, in characters after the HTML is parsed. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

/** A photo to send, with its caption in HTML parse mode. */
export interface TelegramPhoto {
  file: ReplyFile;
  caption?: string;
}

/** What to send to Telegram for one reply. */
export interface TelegramMessage {
  /** HTML messages in order, each within Telegram's limit; empty when the text is the photo's caption. */
  html: string[];
  /** Images to send after the text (the chart). */
  photos: TelegramPhoto[];
  /** The article's buttons, shown under the last message sent. */
  keyboard?: InlineKeyboardMarkup;
}

/** Characters Telegram counts in an HTML text: tags removed, each entity one character (UTF-16 units). */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/g, '&').length;
}

/** The text as a caption for the first photo when it fits, else text first and photos captioned by their description. */
function withPhotos(html: string[], files: readonly ReplyFile[] = []): TelegramMessage {
  const images = files.filter((f) => f.contentType.startsWith('image/'));
  const [first, ...others] = images;
  const only = html.length === 1 ? html[0] : undefined;
  if (first !== undefined && only !== undefined && visibleLength(only) <= TELEGRAM_CAPTION_LIMIT) {
    return { html: [], photos: [{ file: first, caption: only }, ...others.map(described)] };
  }
  return { html, photos: images.map(described) };
}

function described(file: ReplyFile): TelegramPhoto {
  return file.description === undefined
    ? { file }
    : { file, caption: escapeHtml(file.description.slice(0, TELEGRAM_CAPTION_LIMIT)) };
}

/** Every time token written out in the zone (the chat's digest zone, else UTC), the zone named. */
function withTimes(message: TelegramMessage, timeZone: string, locale?: string): TelegramMessage {
  const zoned = (text: string) => zonedTimeText(text, timeZone, undefined, locale);
  return {
    ...message,
    html: message.html.map(zoned),
    photos: message.photos.map((p) => (p.caption === undefined ? p : { ...p, caption: zoned(p.caption) })),
  };
}

/**
 * Render a reply for Telegram's HTML parse mode. All user and data text is escaped; notice text (which may quote
 * what a user typed) is also kept from turning into links or mentions (see plain-text.ts). Times are shown in
 * `timeZone` (default UTC) with the zone named.
 */
export function renderTelegramReply(reply: Reply, timeZone = 'UTC'): TelegramMessage {
  if (reply.kind === 'article') {
    const html = renderTelegramHtml(tokeniseTimes(reply.document));
    if (reply.note !== undefined) {
      const note = `<i>${escapeHtml(reply.note)}</i>`;
      const noted = `${note}\n\n${html[0] ?? ''}`;
      if (html.length > 0 && noted.length <= 4096) html[0] = noted;
      else html.unshift(note);
    }
    const keyboard = telegramKeyboard(reply.buttons);
    return withTimes(
      { ...withPhotos(html, reply.files), ...(keyboard === undefined ? {} : { keyboard }) },
      timeZone,
      reply.document.locale,
    );
  }
  const head = reply.title === undefined ? [] : [`<b>${telegramPlainText(reply.title)}</b>`];
  return withTimes(
    withPhotos(splitHtml([...head, ...reply.lines.map(telegramPlainText)].join('\n')), reply.files),
    timeZone,
    reply.locale,
  );
}
