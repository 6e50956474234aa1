// Which Telegram Bot API errors mean a chat is gone for good: 403 (bot kicked, blocked, not a member, user
// deactivated), 400 "chat not found" or a deactivated group, and a group upgraded to a supergroup (which
// carries the new chat id). "Not enough rights" and 429/5xx answers are passing failures.
import { TelegramError } from 'telegraf';
import { ChannelGoneError } from '../post.ts';

const GONE_400 = /chat not found|group chat was deactivated|chat_id is empty|peer_id_invalid/i;

/** A ChannelGoneError for `err` when it says the chat is gone for good, else undefined. */
export function telegramGoneError(err: unknown, chat: string): ChannelGoneError | undefined {
  if (!(err instanceof TelegramError)) return undefined;
  const code = err.code;
  const description = err.description ?? '';
  const movedTo = err.parameters?.migrate_to_chat_id;
  if (movedTo !== undefined)
    return new ChannelGoneError('telegram', chat, description || 'group upgraded to a supergroup', String(movedTo));
  if (code === 403 || (code === 400 && GONE_400.test(description)))
    return new ChannelGoneError('telegram', chat, `${code.toString()} ${description}`);
  return undefined;
}
