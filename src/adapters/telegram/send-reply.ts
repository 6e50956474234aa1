// Sends one rendered reply to a Telegram chat through the throttled outbox (as a reply or a proactive post): the
// HTML messages, then the photos, the first one answering `replyTo` and the last one carrying the article's inline
// keyboard. Returns the ids of the messages sent, in order, and remembers the file_id of each photo (for inline
// results).
import type { Telegraf } from 'telegraf';
import type { OutboxKind, TelegramOutbox } from './outbox.ts';
import type { PhotoIds } from './photo-ids.ts';
import type { TelegramMessage } from './render-telegram.ts';

/** Where to send. */
export interface TelegramTarget {
  chatId: string | number;
  isGroup: boolean;
  /** Answer this message (kept as a reply even if it was deleted meanwhile). */
  replyTo?: number;
}

/**
 * Send `message`; throws the Bot API's error (after the outbox's 429 retries). `beforeSend` is awaited right
 * before each call leaves, once the outbox lets it go (a rate shared by every worker).
 */
export async function sendTelegramMessage(
  bot: Telegraf,
  outbox: TelegramOutbox,
  target: TelegramTarget,
  message: TelegramMessage,
  photoIds?: PhotoIds,
  kind: OutboxKind = 'reply',
  beforeSend?: () => Promise<void>,
): Promise<number[]> {
  const { chatId, isGroup, replyTo } = target;
  const total = message.html.length + message.photos.length;
  const ids: number[] = [];
  let index = 0;
  const extras = () => {
    const i = index++;
    return {
      ...(i === 0 && replyTo !== undefined
        ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
        : {}),
      ...(i === total - 1 && message.keyboard !== undefined ? { reply_markup: message.keyboard } : {}),
    };
  };
  /** One call through the outbox, with its reply parameters and keyboard; `beforeSend` right before it leaves. */
  const send = async <M extends { message_id: number }>(call: (extra: ReturnType<typeof extras>) => Promise<M>) => {
    const lead = index === 0;
    const extra = extras();
    const sent = await outbox.send(
      chatId,
      isGroup,
      async () => {
        await beforeSend?.();
        return call(extra);
      },
      kind,
      lead,
    );
    ids.push(sent.message_id);
    return sent;
  };
  for (const html of message.html)
    await send((extra) =>
      bot.telegram.sendMessage(chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...extra,
      }),
    );
  for (const photo of message.photos) {
    const sent = await send((extra) =>
      bot.telegram.sendPhoto(
        chatId,
        { source: Buffer.from(photo.file.data), filename: photo.file.name },
        { ...(photo.caption === undefined ? {} : { caption: photo.caption, parse_mode: 'HTML' as const }), ...extra },
      ),
    );
    const largest = sent.photo.at(-1);
    if (largest !== undefined) photoIds?.remember(photo.file.data, largest.file_id);
  }
  return ids;
}
