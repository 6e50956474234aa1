// Proactive posts to Telegram chats (digests, alerts): the reply rendered as HTML, sent through the adapter's
// throttled outbox like every other message, with "chat is gone" errors turned into ChannelGoneError.
import type { Telegraf } from 'telegraf';
import type { Poster } from '../post.ts';
import type { TelegramOutbox } from './outbox.ts';
import { telegramGoneError } from './post-errors.ts';
import { renderTelegramReply } from './render-telegram.ts';

/** A Poster over a running bot and its outbox. */
export function createTelegramPoster(bot: Telegraf, outbox: TelegramOutbox): Poster {
  return {
    platform: 'telegram',
    async post(target, reply) {
      const message = renderTelegramReply(reply);
      // group ids are negative; the stored kind says the same for chats whybot has seen
      const isGroup = target.kind === 'group' || target.channel.startsWith('-');
      try {
        for (const html of message.html) {
          await outbox.send(target.channel, isGroup, () =>
            bot.telegram.sendMessage(target.channel, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } }),
            'post',
          );
        }
        for (const photo of message.photos) {
          await outbox.send(target.channel, isGroup, () =>
            bot.telegram.sendPhoto(
              target.channel,
              { source: Buffer.from(photo.file.data), filename: photo.file.name },
              photo.caption === undefined ? {} : { caption: photo.caption, parse_mode: 'HTML' },
            ),
            'post',
          );
        }
      } catch (err) {
        throw telegramGoneError(err, target.channel) ?? err;
      }
    },
  };
}
