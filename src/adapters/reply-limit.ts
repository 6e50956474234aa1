// Bounds the command replies an adapter works on at once, per chat and in all (issue 13, point 7): a chat that
// floods the bot, or a burst across many chats, cannot pile up unbounded work and outgoing messages. A command
// past a bound is refused at once (the adapter says so or drops it, and logs it).

/** The bounds: replies in progress per chat, and per platform (one adapter) in all. */
export interface ReplyLimits {
  perChat: number;
  total: number;
}

/** Default bounds (WHYBOT_MAX_REPLIES_PER_CHAT, WHYBOT_MAX_REPLIES). */
export const DEFAULT_REPLY_LIMITS: ReplyLimits = { perChat: 3, total: 200 };

/** Counts replies in progress per chat and in all. */
export class ReplyLimit {
  private readonly chats = new Map<string, number>();
  private active = 0;

  constructor(readonly limits: ReplyLimits = DEFAULT_REPLY_LIMITS) {}

  /**
   * Start a reply for `chat`: a function to call when it is done (once; later calls do nothing), or undefined
   * when the chat or the platform is at its bound.
   */
  tryStart(chat: string): (() => void) | undefined {
    const inChat = this.chats.get(chat) ?? 0;
    if (inChat >= this.limits.perChat || this.active >= this.limits.total) return undefined;
    this.chats.set(chat, inChat + 1);
    this.active += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active -= 1;
      const left = (this.chats.get(chat) ?? 1) - 1;
      if (left > 0) this.chats.set(chat, left);
      else this.chats.delete(chat);
    };
  }

  /** Replies in progress in all. */
  get inFlight(): number {
    return this.active;
  }

  /** Replies in progress for one chat. */
  inChat(chat: string): number {
    return this.chats.get(chat) ?? 0;
  }
}
