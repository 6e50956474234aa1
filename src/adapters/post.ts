// Proactive posting: what an adapter offers so whybot can post by itself (digests, alerts) to a chat nobody
// just wrote in, and the error that says a chat is gone for good (deleted, bot removed, chat not found).
import type { Platform, Reply } from '../core/reply.ts';

/** The chat to post to: its id on the platform, and whether it is a group (Telegram limits groups harder). */
export interface PostTarget {
  channel: string;
  kind: 'direct' | 'group' | 'terminal';
  /**
   * The post's idempotency key (chat + digest day or alert band). A platform that can refuse a repeat (Discord's
   * enforce_nonce) is given it, so a post retried after a timeout that did reach the chat is not shown twice.
   */
  key?: string;
}

/** How a post is sent. */
export interface PostOptions {
  /**
   * Awaited right before each message of the post leaves for the platform (a request rate shared by every
   * worker is taken here, so the rate holds where requests go out, not where jobs start).
   */
  beforeSend?(): Promise<void>;
}

/** Posts neutral replies to chats of one platform. */
export interface Poster {
  readonly platform: Platform;
  /**
   * Send `reply` to the chat (several messages when it is long). Throws ChannelGoneError when the chat is gone
   * for good, and the platform's error for anything else (a retry may work later).
   */
  post(target: PostTarget, reply: Reply, options?: PostOptions): Promise<PostReceipt | void>;
  /**
   * Replace the message `messageId` (the first id a post returned) with `reply`, in place. Throws MessageGoneError
   * when that message is gone or cannot take this reply (post anew then). Absent where messages cannot be edited.
   */
  edit?(target: PostTarget, messageId: string, reply: Reply): Promise<void>;
}

/** What a post sent: the ids of its messages, in order (the first is the one to edit later). */
export interface PostReceipt {
  messageIds: string[];
}

/** The message to edit is gone (deleted) or cannot be edited into the new reply: post anew instead. */
export class MessageGoneError extends Error {
  override readonly name = 'MessageGoneError';
  constructor(
    readonly channel: string,
    readonly messageId: string,
    readonly reason: string,
  ) {
    super(`message ${messageId} in ${channel} cannot be edited: ${reason}`);
  }
}

/** The chat no longer exists for the bot (deleted, bot removed or blocked): stop posting there. */
export class ChannelGoneError extends Error {
  override readonly name = 'ChannelGoneError';
  constructor(
    readonly platform: Platform,
    readonly channel: string,
    /** The platform's own words, e.g. "Unknown Channel" or "Forbidden: bot was kicked from the group chat". */
    readonly reason: string,
    /** The chat's new id when the platform moved it (a Telegram group upgraded to a supergroup). */
    readonly movedTo?: string,
  ) {
    super(`${platform} chat ${channel} is gone: ${reason}`);
  }
}
