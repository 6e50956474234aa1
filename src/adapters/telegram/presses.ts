// Presses of article buttons on Telegram (callback queries). Every query is answered (answerCallbackQuery) at
// once, except a Refresh, whose answer waits up to ACK_WAIT_MS for the check "is there newer data?" so that
// "this is already the newest data" shows as a pop-up. Then the article replaces the message (Refresh with newer
// data: editMessageText / editMessageMedia) or answers it as a new message (Full story, another coin).
import type { Context, Telegraf } from 'telegraf';
import type { Message, Update } from 'telegraf/types';
import type { Logger } from 'pino';
import { decodeButton, type PressAnswer } from '../../../commands/article-buttons.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { zonedTimeText } from '../times.ts';
import type { TelegramOutbox } from './outbox.ts';
import { renderTelegramReply, type TelegramMessage } from './render-telegram.ts';
import { sendTelegramMessage } from './send-reply.ts';
import { escapeHtml } from './html.ts';
import type { PhotoIds } from './photo-ids.ts';

/** How long a Refresh waits for its answer before acknowledging the query without text, ms. */
export const ACK_WAIT_MS = 1500;
/** Telegram's limit on the text of a callback answer. */
const CALLBACK_TEXT_LIMIT = 200;

/** What a press handler needs from the adapter. */
export interface PressDeps {
  bot: Telegraf;
  outbox: TelegramOutbox;
  dispatcher: Dispatcher;
  log: Logger;
  /** Where the file ids of sent charts are remembered (for inline results). */
  photoIds?: PhotoIds;
}

type PressContext = Context<Update.CallbackQueryUpdate>;

/** Resolve with `work` if it settles within `ms`, else undefined (the work goes on). */
function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Replace the pressed message with `message` when both are one text, or both one photo; false when it cannot. */
async function replaceInPlace(deps: PressDeps, pressed: Message, message: TelegramMessage): Promise<boolean> {
  const { bot } = deps;
  const markup = message.keyboard === undefined ? {} : { reply_markup: message.keyboard };
  try {
    if ('text' in pressed && message.html.length === 1 && message.photos.length === 0) {
      await bot.telegram.editMessageText(pressed.chat.id, pressed.message_id, undefined, message.html[0]!, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...markup,
      });
      return true;
    }
    const [photo] = message.photos;
    if ('photo' in pressed && message.html.length === 0 && message.photos.length === 1 && photo !== undefined) {
      await bot.telegram.editMessageMedia(
        pressed.chat.id,
        pressed.message_id,
        undefined,
        {
          type: 'photo',
          media: { source: Buffer.from(photo.file.data), filename: photo.file.name },
          ...(photo.caption === undefined ? {} : { caption: photo.caption, parse_mode: 'HTML' as const }),
        },
        markup,
      );
      return true;
    }
  } catch (err) {
    deps.log.warn(
      { err, chat: pressed.chat.id, message: pressed.message_id },
      'could not edit the article in place; sending it anew',
    );
  }
  return false;
}

/** Answer one callback query. Never throws (failures are logged). */
export async function servePress(ctx: PressContext, deps: PressDeps): Promise<void> {
  const { bot, dispatcher } = deps;
  const query = ctx.callbackQuery;
  const data = 'data' in query ? query.data : undefined;
  const pressed =
    query.message !== undefined && 'date' in query.message && query.message.date !== 0
      ? (query.message as Message)
      : undefined;
  const state = data === undefined ? undefined : decodeButton(data);
  if (data === undefined || state === undefined || pressed === undefined) {
    const tag = query.message?.chat.type === 'private' ? query.from.language_code : undefined;
    await ctx.answerCbQuery(pressed === undefined ? dispatcher.uiForTag(tag).t('button.too_old') : undefined);
    return;
  }
  const isGroup = pressed.chat.type !== 'private';
  const where = {
    platform: 'telegram' as const,
    channel: String(pressed.chat.id),
    kind: isGroup ? ('group' as const) : ('direct' as const),
  };
  const timeZone = await dispatcher.timeZoneOf(where);
  const pressing: Promise<PressAnswer | undefined> = dispatcher.press(data, {
    platform: 'telegram',
    user: { id: String(query.from.id), ...(query.from.username === undefined ? {} : { name: query.from.username }) },
    chat: { id: where.channel, kind: where.kind },
    // the user's app language in a private chat; a group follows its /language setting, else English
    locale: isGroup ? undefined : query.from.language_code,
  });
  const early = state.action === 'refresh' ? await within(pressing, ACK_WAIT_MS) : undefined;
  if (early?.mode === 'note') {
    await ctx.answerCbQuery(
      zonedTimeText(early.text, timeZone, undefined, early.locale).slice(0, CALLBACK_TEXT_LIMIT),
      {
        show_alert: true,
      },
    );
    return;
  }
  await ctx.answerCbQuery();
  const answer = await pressing;
  const target = { chatId: pressed.chat.id, isGroup, replyTo: pressed.message_id };
  if (answer === undefined || answer.mode === 'note') {
    const text =
      answer === undefined
        ? await dispatcher.goneButtonNote({
            platform: 'telegram',
            chat: { id: where.channel, kind: where.kind },
            locale: isGroup ? undefined : query.from.language_code,
          })
        : zonedTimeText(answer.text, timeZone, undefined, answer.locale);
    await sendTelegramMessage(bot, deps.outbox, target, { html: [escapeHtml(text)], photos: [] });
    return;
  }
  const message = renderTelegramReply(answer.reply, timeZone);
  if (answer.mode === 'replace' && (await replaceInPlace(deps, pressed, message))) return;
  await sendTelegramMessage(bot, deps.outbox, target, message, deps.photoIds);
}
