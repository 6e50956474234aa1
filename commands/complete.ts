// Completions offered while a user types an option (Discord autocomplete), defined once beside the commands:
// tracked coins for coin options, IANA time zones for zone options, the chat's likely zone first (its digest
// zone, then the zone its server's locale suggests, then the bot's default).
import type { OptionSpec } from './types.ts';

/** One completion: what the user sees and the value the option gets. */
export interface Completion {
  name: string;
  value: string;
}

/** What completions may know about where the user types. */
export interface CompletionContext {
  trackedCoins: readonly string[];
  /** Zones to offer first, most likely first (the chat's digest zone, the server locale's zone, the default). */
  likelyZones: readonly string[];
  /** The languages whybot writes in (for /language). */
  languages?: readonly { code: string; name: string }[];
}

/** Most completions Discord shows. */
export const MAX_COMPLETIONS = 25;

/** A likely zone for a Discord locale (the server's preferred locale), or undefined. */
export const LOCALE_ZONES: Readonly<Record<string, string>> = {
  'en-US': 'America/New_York',
  'en-GB': 'Europe/London',
  'es-ES': 'Europe/Madrid',
  'es-419': 'America/Mexico_City',
  'pt-BR': 'America/Sao_Paulo',
  'zh-CN': 'Asia/Shanghai',
  'zh-TW': 'Asia/Taipei',
  'sv-SE': 'Europe/Stockholm',
  de: 'Europe/Berlin',
  fr: 'Europe/Paris',
  it: 'Europe/Rome',
  nl: 'Europe/Amsterdam',
  pl: 'Europe/Warsaw',
  ru: 'Europe/Moscow',
  uk: 'Europe/Kyiv',
  tr: 'Europe/Istanbul',
  ja: 'Asia/Tokyo',
  ko: 'Asia/Seoul',
  vi: 'Asia/Ho_Chi_Minh',
  th: 'Asia/Bangkok',
  hi: 'Asia/Kolkata',
  id: 'Asia/Jakarta',
  da: 'Europe/Copenhagen',
  fi: 'Europe/Helsinki',
  no: 'Europe/Oslo',
  cs: 'Europe/Prague',
  hu: 'Europe/Budapest',
  ro: 'Europe/Bucharest',
  el: 'Europe/Athens',
  bg: 'Europe/Sofia',
  hr: 'Europe/Zagreb',
  lt: 'Europe/Vilnius',
  he: 'Asia/Jerusalem',
};

let zones: readonly string[] | undefined;
/** Every IANA zone this runtime knows, plus UTC. */
function allZones(): readonly string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

const fold = (s: string) => s.toLowerCase().replace(/[\s_]+/g, '_');

/** How well `zone` matches `typed`: 0 whole-name prefix, 1 city prefix, 2 anywhere, undefined no match. */
function zoneRank(zone: string, typed: string): number | undefined {
  const z = fold(zone);
  if (typed === '' || z.startsWith(typed)) return 0;
  if (z.split('/').some((part) => part.startsWith(typed))) return 1;
  return z.includes(typed) ? 2 : undefined;
}

/** Zones matching the typed text, the likely ones first. */
export function completeZone(typed: string, likely: readonly string[]): Completion[] {
  const t = fold(typed.trim());
  const known = new Set(allZones());
  const first = [...new Set(likely)].filter((z) => known.has(z) && zoneRank(z, t) !== undefined);
  const rest = allZones()
    .filter((z) => !first.includes(z))
    .map((z) => ({ z, rank: zoneRank(z, t) }))
    .filter((x): x is { z: string; rank: number } => x.rank !== undefined)
    .sort((a, b) => a.rank - b.rank);
  return [...first, ...rest.map((x) => x.z)].slice(0, MAX_COMPLETIONS).map((z) => ({ name: z, value: z }));
}

/** Coins (and the option's extra words) starting with, then containing, the typed text. */
export function completeCoin(typed: string, tracked: readonly string[], also: readonly string[] = []): Completion[] {
  const t = typed.normalize('NFKC').trim().replace(/^\$/, '').toUpperCase();
  const words = [...tracked, ...also];
  const starts = words.filter((w) => w.toUpperCase().startsWith(t));
  const contains = words.filter((w) => !starts.includes(w) && w.toUpperCase().includes(t));
  return [...starts, ...contains].slice(0, MAX_COMPLETIONS).map((w) => ({ name: w, value: w }));
}

/** Languages whose code or name starts with what was typed ("auto" first: follow each reader's app). */
export function completeLanguage(typed: string, languages: readonly { code: string; name: string }[]): Completion[] {
  const t = typed.trim().toLowerCase();
  const all = [
    { name: 'auto', value: 'auto' },
    ...languages.map((l) => ({ name: `${l.name} (${l.code})`, value: l.code })),
  ];
  return all
    .filter((c) => t === '' || c.value.startsWith(t) || c.name.toLowerCase().startsWith(t))
    .slice(0, MAX_COMPLETIONS);
}

/** The completions for an option as typed so far; none for options that do not complete. */
export function completeOption(spec: OptionSpec, typed: string, context: CompletionContext): Completion[] {
  if (spec.kind === 'coin') return completeCoin(typed, context.trackedCoins, spec.also);
  if (spec.kind === 'text' && spec.complete === 'timezone') return completeZone(typed, context.likelyZones);
  if (spec.kind === 'text' && spec.complete === 'language') return completeLanguage(typed, context.languages ?? []);
  return [];
}
