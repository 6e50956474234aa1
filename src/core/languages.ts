// The languages whybot speaks, as read from templates/languages.yaml (the one list a new language is added to; its
// words live in templates/<code>/), and the matching of a platform's locale tag ("es-ES", "zh-CN", "ru") to one.

/** One supported language: its code (the folder name under templates/), its own name, and its Intl locale. */
export interface LanguageInfo {
  /** Short code, the folder under templates/: `en`, `ru`. */
  code: string;
  /** The language's name in itself, for `/language` and help: `Русский`. */
  name: string;
  /** The BCP 47 tag numbers and dates are formatted with. */
  locale: string;
  /**
   * Each platform's own tags for this language, by platform name (under which locale tags a platform's adapter
   * registers command localizations or menus; see templates/languages.yaml).
   */
  platformTags: Readonly<Record<string, readonly string[]>>;
}

/** The fallback language (its folder must exist). */
export const DEFAULT_LANGUAGE = 'en';

/** A platform's locale tag matched to a supported language; `fallback` when the tag named an unsupported one. */
export interface LanguageMatch {
  code: string;
  fallback: boolean;
}

/**
 * Match a locale tag to a language: the primary subtag decides (`es-419` -> es, `pt_BR` -> pt when supported,
 * `zh-TW` -> zh). An empty or missing tag is English without a fallback notice; an unsupported one is English
 * with `fallback: true`.
 */
export function matchLanguage(tag: string | undefined | null, codes: readonly string[]): LanguageMatch {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === '') return { code: DEFAULT_LANGUAGE, fallback: false };
  if (codes.includes(primary)) return { code: primary, fallback: false };
  return { code: DEFAULT_LANGUAGE, fallback: true };
}
