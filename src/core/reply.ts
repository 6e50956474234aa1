// The reply every command returns and every adapter renders, and the platforms there are. Shared vocabulary:
// commands, adapters, the scheduler and the alert watcher all speak it; it imports nothing but the document.
import type { ArticleDocument, Figure } from './document.ts';

/** The platform an invocation came from. */
export type Platform = 'terminal' | 'discord' | 'telegram';

/** A file to attach to a reply (the price chart). */
export interface ReplyFile {
  name: string;
  contentType: string;
  data: Uint8Array;
  description?: string;
}

/** What an article button does: the full article, a newer snapshot of it, or another coin's article. */
export type ButtonAction = 'full' | 'refresh' | 'coin';

/**
 * One button under an article (commands/article-buttons.ts defines them; each adapter renders them). `id` carries
 * all its state and fits Discord's custom_id (100 chars) and Telegram's callback_data (64 bytes).
 */
export interface ArticleButton {
  id: string;
  label: string;
  action: ButtonAction;
  /** The coin the button opens (absent for the market article). */
  coin?: string;
}

/** An article written from market data. */
export interface ArticleReply {
  kind: 'article';
  document: ArticleDocument;
  files?: ReplyFile[];
  /** Buttons under the article; each adapter renders them its own way. */
  buttons?: ArticleButton[];
  /** One line shown above the article (e.g. "That button is from 2 August; here is today's article"). */
  note?: string;
}

/** A short plain-text answer (help, status, liquidations, errors). Lines hold no markup; renderers escape them. */
export interface NoticeReply {
  kind: 'notice';
  title?: string;
  lines: string[];
  /** `error` for refusals and failures (renderers may colour it). */
  tone: 'info' | 'error';
  /** Show only to the person who asked, where the platform can (Discord ephemeral messages). */
  private?: boolean;
  /** Every market figure the lines state, with source and time. */
  figures?: Figure[];
  /** Images to show with the lines (the chart of /liqs). */
  files?: ReplyFile[];
  /** The BCP 47 locale its words are in (time tokens are written out in it); English when absent. */
  locale?: string;
}

/** What a command returns. It never calls a platform API itself. */
export type Reply = ArticleReply | NoticeReply;
