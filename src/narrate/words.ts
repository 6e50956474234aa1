// One language's words for the writer: its messages (ICU MessageFormat through intl-messageformat, with real plural
// rules), list joining and the number and date formats of its locale. Built from a language folder's
// messages.yaml (read at start-up by src/app/templates.ts and passed in as text, so narrate stays pure).
import { IntlMessageFormat } from 'intl-messageformat';
import { parse as parseYaml } from 'yaml';
import { englishFormats, type Formats, localeFormats } from './format.ts';

/** The key the language folder's messages.yaml is stored under in a templates map. */
export const MESSAGES_KEY = '@messages';

/** A message key is missing from the language, or its text is not valid ICU MessageFormat. */
export class MessageError extends Error {
  override readonly name = 'MessageError';
}

/** Values a message may take: text, or numbers for plural and number arguments. */
export type MessageArgs = Record<string, string | number>;

/** The parsed messages.yaml of one language. */
interface MessagesFile {
  code: string;
  locale: string;
  messages: Record<string, string>;
}

/** Read a messages.yaml source (throws MessageError naming what is wrong). */
export function parseMessages(source: string): MessagesFile {
  const raw = parseYaml(source) as Partial<MessagesFile> | null;
  if (!raw || typeof raw.code !== 'string' || typeof raw.locale !== 'string' || typeof raw.messages !== 'object')
    throw new MessageError('messages.yaml needs code, locale and messages');
  const messages: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.messages ?? {})) {
    if (typeof v !== 'string') throw new MessageError(`message ${k} is not text`);
    messages[k] = v;
  }
  return { code: raw.code, locale: raw.locale, messages };
}

/** One language's words. */
export class Words {
  /** Number and date formats of this locale. */
  readonly formats: Formats;
  private readonly compiled = new Map<string, IntlMessageFormat>();
  private readonly listFormat: Intl.ListFormat;
  private readonly pluralRules: Intl.PluralRules;

  constructor(
    /** Language code (`en`, `ru`). */
    readonly code: string,
    /** BCP 47 locale for Intl. */
    readonly locale: string,
    private readonly messages: Readonly<Record<string, string>>,
  ) {
    this.formats = code === 'en' ? englishFormats : localeFormats(locale);
    this.listFormat = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
    this.pluralRules = new Intl.PluralRules(locale);
  }

  /** Whether the language has this message. */
  has(key: string): boolean {
    return key in this.messages;
  }

  /** Every key the language defines. */
  keys(): string[] {
    return Object.keys(this.messages);
  }

  /** A message's ICU source (throws MessageError when the key is missing). */
  source(key: string): string {
    const s = this.messages[key];
    if (s === undefined) throw new MessageError(`message "${key}" is missing for language ${this.code}`);
    return s;
  }

  /** The message `key` with its arguments (throws MessageError when the key is missing). */
  t(key: string, args: MessageArgs = {}): string {
    let m = this.compiled.get(key);
    if (!m) {
      const source = this.messages[key];
      if (source === undefined) throw new MessageError(`message "${key}" is missing for language ${this.code}`);
      try {
        m = new IntlMessageFormat(source, this.locale, undefined, { ignoreTag: true });
      } catch (err) {
        throw new MessageError(`message "${key}" (${this.code}) is not valid: ${(err as Error).message}`);
      }
      this.compiled.set(key, m);
    }
    return String(m.format(args));
  }

  /** "a, b and c" in this language (English keeps its own: no comma before "and"). */
  list(items: readonly string[]): string {
    if (this.code === 'en') {
      if (items.length <= 1) return items.join('');
      return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
    }
    return this.listFormat.format(items);
  }

  /** A coin's name in this language (its ticker when the language names it no other way). */
  coin(ticker: string): string {
    const key = `coin.${ticker}`;
    return this.has(key) ? this.t(key) : ticker;
  }

  /** The CLDR plural category of a count in this language (`one`, `few`, `many`, `other`). */
  pluralCategory(n: number): Intl.LDMLPluralRule {
    return this.pluralRules.select(n);
  }
}

const cache = new Map<string, Words>();

/** The Words for a messages.yaml source, built once per source text. */
export function wordsFrom(source: string): Words {
  let w = cache.get(source);
  if (!w) {
    const m = parseMessages(source);
    w = new Words(m.code, m.locale, m.messages);
    cache.set(source, w);
  }
  return w;
}
