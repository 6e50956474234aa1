// Reads the languages whybot speaks at start-up: templates/languages.yaml (the list) and, for each, its folder of
// article templates, messages.yaml (article words) and commands.yaml (command descriptions, help, errors, replies).
// The only place that reads them; everything downstream gets strings and Words.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_LANGUAGE, type LanguageInfo, matchLanguage } from '../core/languages.ts';
import type { LanguageCatalog, LanguagePack } from '../narrate/language-catalog.ts';
import { type Words, wordsFrom } from '../narrate/words.ts';
import { loadTemplates, TEMPLATES_ROOT, TemplateLoadError } from './templates.ts';

const entrySchema = z.object({
  code: z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'a lower-case language code such as es or pt-br'),
  name: z.string().min(1).max(40),
  locale: z.string().min(2).max(35),
  platforms: z.record(z.string(), z.array(z.string().min(2).max(10))).default({}),
});

/** The default language named is not one of templates/languages.yaml. */
export class UnknownLanguageError extends Error {
  override readonly name = 'UnknownLanguageError';
}

/**
 * Read templates/languages.yaml and every language folder it names (throws TemplateLoadError naming a problem).
 * `defaultCode` is the language where a reader's platform names none (English unless WHYBOT_LANGUAGE says).
 */
export function loadLanguages(root: string = TEMPLATES_ROOT, defaultCode: string = DEFAULT_LANGUAGE): LanguageCatalog {
  let list: LanguageInfo[];
  try {
    const parsed = z
      .array(entrySchema)
      .min(1)
      .parse(parseYaml(readFileSync(join(root, 'languages.yaml'), 'utf8')));
    list = parsed.map(({ platforms, ...e }) => ({
      ...e,
      locale: canonicalLocale(e.locale, e.code),
      platformTags: platforms,
    }));
  } catch (err) {
    throw new TemplateLoadError(
      `Cannot read the templates directory ${root} (its languages.yaml: ${(err as Error).message})`,
    );
  }
  if (list[0]!.code !== DEFAULT_LANGUAGE)
    throw new TemplateLoadError(`${join(root, 'languages.yaml')}: the first language must be ${DEFAULT_LANGUAGE}`);
  const packs = new Map<string, LanguagePack>();
  for (const info of list) {
    const dir = join(root, info.code);
    const templates = loadTemplates(dir);
    const words = wordsFrom(templates['@messages']!);
    let ui: Words;
    try {
      ui = wordsFrom(readFileSync(join(dir, 'commands.yaml'), 'utf8'));
    } catch (err) {
      throw new TemplateLoadError(`Cannot read ${join(dir, 'commands.yaml')}: ${(err as Error).message}`);
    }
    packs.set(info.code, { info, templates, words, ui });
  }
  const codes = list.map((l) => l.code);
  const english = packs.get(DEFAULT_LANGUAGE)!;
  if (!codes.includes(defaultCode))
    throw new UnknownLanguageError(`"${defaultCode}" is not one of the languages: ${codes.join(', ')}`);
  return {
    list,
    codes,
    defaultCode,
    pack: (code) => (code !== undefined && packs.get(code)) || english,
    // no tag: the default language; an unsupported tag: English, and the reader is told once
    match: (tag) => (tag ? matchLanguage(tag, codes) : { code: defaultCode, fallback: false }),
  };
}

/** The locale as Intl knows it (a bad tag is refused here, at start-up, not at the first article). */
function canonicalLocale(locale: string, code: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0]!;
  } catch {
    throw new Error(`language ${code}: "${locale}" is not a locale Intl knows`);
  }
}
