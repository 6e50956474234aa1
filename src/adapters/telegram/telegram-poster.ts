// Proactive posts to Telegram chats (digests, alerts): the reply rendered as HTML (times in the chat's digest
// zone), sent through the adapter's throttled outbox like every other message, with "chat is gone" errors turned
// into ChannelGoneError. An alert message can be edited in place: a text with editMessageText, a chart with its
// caption with editMessageMedia; a message that is gone (or of another shape) is a MessageGoneError.
import { TelegramError, type Telegraf } from 'telegraf';
import { MessageGoneError, type Poster } from '../post.ts';
import type { ChannelRef } from '../dispatcher.ts';
import type { TelegramOutbox } from './outbox.ts';
import { telegramGoneError } from './post-errors.ts';
import { renderTelegramReply } from './render-telegram.ts';
import { sendTelegramMessage } from './send-reply.ts';

/** Bot API answers that mean the message cannot be edited (deleted, too old, or not a text / photo). */
const NOT_EDITABLE =
  /message to edit not found|message can't be edited|there is no text in the message|there is no media in the message|message_id_invalid/i;

/** A Poster over a running bot and its outbox. */
export function createTelegramPoster(
  bot: Telegraf,
  outbox: TelegramOutbox,
  timeZoneOf: (where: ChannelRef) => Promise<string> = async () => 'UTC',
): Poster {
  const render = async (
    target: { channel: string; kind: ChannelRef['kind'] },
    reply: Parameters<typeof renderTelegramReply>[0],
  ) =>
    renderTelegramReply(reply, await timeZoneOf({ platform: 'telegram', channel: target.channel, kind: target.kind }));
  // group ids are negative; the stored kind says the same for chats whybot has seen
  const isGroup = (target: { channel: string; kind: ChannelRef['kind'] }) =>
    target.kind === 'group' || target.channel.startsWith('-');
  return {
    platform: 'telegram',
    async post(target, reply, options) {
      const message = await render(target, reply);
      try {
        const ids = await sendTelegramMessage(
          bot,
          outbox,
          { chatId: target.channel, isGroup: isGroup(target) },
          message,
          undefined,
          'post',
          options?.beforeSend,
        );
        return { messageIds: ids.map(String) };
      } catch (err) {
        throw telegramGoneError(err, target.channel) ?? err;
      }
    },
    async edit(target, messageId, reply) {
      const message = await render(target, reply);
      const id = Number(messageId);
      const markup = message.keyboard === undefined ? {} : { reply_markup: message.keyboard };
      const [photo] = message.photos;
      try {
        await outbox.send(target.channel, isGroup(target), async () => {
          if (message.html.length === 1 && message.photos.length === 0) {
            await bot.telegram.editMessageText(target.channel, id, undefined, message.html[0]!, {
              parse_mode: 'HTML',
              link_preview_options: { is_disabled: true },
              ...markup,
            });
          } else if (message.html.length === 0 && message.photos.length === 1 && photo !== undefined) {
            await bot.telegram.editMessageMedia(
              target.channel,
              id,
              undefined,
              {
                type: 'photo',
                media: { source: Buffer.from(photo.file.data), filename: photo.file.name },
                ...(photo.caption === undefined ? {} : { caption: photo.caption, parse_mode: 'HTML' as const }),
              },
              markup,
            );
          } else {
            throw new MessageGoneError(target.channel, messageId, 'the new reply is not one text or one photo');
          }
        });
      } catch (err) {
        if (err instanceof TelegramError && /message is not modified/i.test(err.description)) return;
        if (err instanceof TelegramError && err.code === 400 && NOT_EDITABLE.test(err.description))
          throw new MessageGoneError(target.channel, messageId, err.description);
        throw telegramGoneError(err, target.channel) ?? err;
      }
    },
  };
}
