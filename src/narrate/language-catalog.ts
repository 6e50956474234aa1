// The shape of the languages whybot has loaded (src/app/languages.ts reads them from templates/): each language's
// article templates, article words and command words, and the matching of a platform's locale tag to one.
import type { LanguageInfo } from '../core/languages.ts';
import type { Words } from './words.ts';

/** One language, ready to write in. */
export interface LanguagePack {
  info: LanguageInfo;
  /** The article templates and messages (writeArticle's input). */
  templates: Record<string, string>;
  /** The article words (messages.yaml). */
  words: Words;
  /** The words of commands, replies and errors (commands.yaml). */
  ui: Words;
}

/** Every language loaded, English first. */
export interface LanguageCatalog {
  readonly list: readonly LanguageInfo[];
  readonly codes: readonly string[];
  /** The language where a reader's platform names none (the terminal, the CLI, Telegram groups): WHYBOT_LANGUAGE. */
  readonly defaultCode: string;
  /** The pack of a code; English for an unknown or absent one. */
  pack(code: string | undefined): LanguagePack;
  /** A platform's locale tag matched to a language (English, flagged as a fallback, when unsupported). */
  match(tag: string | undefined | null): { code: string; fallback: boolean };
}
