// Telegram inline mode: `@whybot btc` in any chat offers the short article for that coin (the market's for an
// empty query) as an inline result, and the chart as a cached photo when the bot has sent that chart before
// (inline results cannot upload): one photo captioned with the article when it fits, else the article then the chart. Results are cached by
// Telegram for the snapshot's TTL (cache_time). Inline mode must be switched on with @BotFather (/setinline).
import type { Context } from 'telegraf';
import type { InlineQueryResult, Update } from 'telegraf/types';
import type { Dispatcher } from '../dispatcher.ts';
import { visibleLength, renderTelegramReply, TELEGRAM_CAPTION_LIMIT } from './render-telegram.ts';
import type { PhotoIds } from './photo-ids.ts';
import { escapeHtml, splitHtml } from './html.ts';
import { telegramPlainText } from './plain-text.ts';

/** Seconds Telegram may cache a result when the snapshot TTL is unknown. */
export const DEFAULT_INLINE_CACHE_SECONDS = 60;
/** Seconds an "unknown coin" answer is cached (the user is still typing). */
const ERROR_CACHE_SECONDS = 5;

/** What the inline handler needs. */
export interface InlineDeps {
  dispatcher: Dispatcher;
  photoIds: PhotoIds;
  /** cache_time of results: the snapshot TTL, seconds. */
  cacheSeconds: number;
}

/** Plain text for a result's description line (no tags, entities decoded). */
function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Build the inline results for a query. */
export async function inlineResults(
  query: string,
  fromId: number,
  deps: InlineDeps,
  languageCode?: string,
): Promise<{ results: InlineQueryResult[]; cacheTime: number }> {
  const reply = await deps.dispatcher.inline(query, {
    platform: 'telegram',
    user: { id: String(fromId) },
    chat: { id: String(fromId), kind: 'direct' },
    locale: languageCode,
  });
  if (reply.kind === 'notice') {
    // The notice may quote what was typed ("I don't track ..."): it goes out as HTML with every link, mention and
    // tag broken (plain-text.ts), in the message and in the line shown under the result alike.
    const [html = ''] = splitHtml(reply.lines.map(telegramPlainText).join(' '));
    return {
      cacheTime: ERROR_CACHE_SECONDS,
      results: [
        {
          type: 'article',
          id: 'error',
          title: 'No article',
          description: Array.from(plain(html)).slice(0, 200).join(''),
          input_message_content: {
            message_text: html,
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
          },
        },
      ],
    };
  }
  const title = reply.document.title;
  const [html = ''] = renderTelegramReply({ ...reply, files: [] }).html;
  const chart = reply.files?.find((f) => f.contentType.startsWith('image/'));
  const photoId = chart === undefined ? undefined : deps.photoIds.find(chart.data);
  const id = `why:${query.trim().toLowerCase().slice(0, 32) || 'market'}`;
  const description = plain(html)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(1, 3)
    .join(' ')
    .slice(0, 200);
  const article: InlineQueryResult = {
    type: 'article',
    id,
    title,
    description,
    input_message_content: { message_text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  };
  if (photoId === undefined) return { cacheTime: deps.cacheSeconds, results: [article] };
  // The chart with the article as its caption when it fits; else the article first, then the chart on its own.
  if (visibleLength(html) <= TELEGRAM_CAPTION_LIMIT) {
    return {
      cacheTime: deps.cacheSeconds,
      results: [{ type: 'photo', id, photo_file_id: photoId, title, description, caption: html, parse_mode: 'HTML' }],
    };
  }
  const caption = escapeHtml((chart?.description ?? title).slice(0, TELEGRAM_CAPTION_LIMIT));
  return {
    cacheTime: deps.cacheSeconds,
    results: [
      article,
      {
        type: 'photo',
        id: `${id}:chart`.slice(0, 64),
        photo_file_id: photoId,
        title: `${title} (chart)`,
        description,
        caption,
        parse_mode: 'HTML',
      },
    ],
  };
}

/** Answer one inline query. */
export async function serveInline(ctx: Context<Update.InlineQueryUpdate>, deps: InlineDeps): Promise<void> {
  const { from } = ctx.inlineQuery;
  const { results, cacheTime } = await inlineResults(ctx.inlineQuery.query, from.id, deps, from.language_code);
  // written in the asker's language: Telegram may share a cached answer only between askers of the same one
  const personal = deps.dispatcher.languages.match(from.language_code).code !== deps.dispatcher.languages.codes[0];
  await ctx.answerInlineQuery(results, { cache_time: cacheTime, is_personal: personal });
}
