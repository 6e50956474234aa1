// Setting names that are not whybot's but look meant for it: every unknown WHYBOT_ name, any name under a prefix
// whybot's own settings share (DISCORD_, TELEGRAM_: DISCORD_BOT_TOKEN, TELEGRAM_BOT_TOKEN) that is close to one of
// them, and any other name that is a near-miss (LOG_LEVL). The known names and prefixes come from the schema's
// keys, so settings added or moved (a platform's own module) are covered without a list kept here.
import { distance } from 'fastest-levenshtein';

const OWN_PREFIX = 'WHYBOT_';

const bare = (key: string) => (key.startsWith(OWN_PREFIX) ? key.slice(OWN_PREFIX.length) : key);
const words = (key: string) => bare(key).split('_').filter(Boolean);

/** Prefixes (`DISCORD_`) that at least two known settings share: names under them are taken as meant for whybot. */
export function sharedPrefixes(known: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of known) {
    const head = key.split('_')[0];
    if (head !== undefined && head !== key) counts.set(`${head}_`, (counts.get(`${head}_`) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= 2).map(([prefix]) => prefix);
}

/**
 * How far `name` is from the setting `key`: the smaller of the edit distances with and without the WHYBOT_
 * prefix; with `extraWords`, also 1 per extra word when every word of `key` is in `name` (DISCORD_BOT_TOKEN is 1
 * from DISCORD_TOKEN).
 */
function nameDistance(name: string, key: string, extraWords: boolean): number {
  const edits = Math.min(distance(name, key), distance(bare(name), bare(key)));
  if (!extraWords) return edits;
  const have = words(name);
  const want = words(key);
  const extra = want.every((w) => have.includes(w)) ? have.length - want.length : Number.POSITIVE_INFINITY;
  return Math.min(edits, extra);
}

/**
 * The known setting a name most likely meant (WHYBOT_COIN, COINS, LOG_LEVL, DISCORD_TOKNE, DISCORD_BOT_TOKEN),
 * or undefined when none is close. `loose` (for names certainly meant for whybot) allows more edits and extra
 * words; without it DATABASE_URL_TEST is not taken for DATABASE_URL.
 */
export function closestSetting(name: string, known: readonly string[], loose = false): string | undefined {
  const limit = loose ? 3 : Math.max(1, Math.floor(bare(name).length / 5));
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = nameDistance(name, key, loose);
    if (d <= limit && (best === undefined || d < best.d)) best = { key, d };
  }
  return best?.key;
}

/**
 * One line per environment name that is not a setting but looks meant as one: every unknown WHYBOT_ name (with a
 * guess when one is close), and other names only when a known setting is close. Other programs' variables (PATH,
 * HOME, DATABASE_URL_TEST) are left alone.
 */
export function unknownNameProblems(env: Record<string, string>, known: readonly string[]): string[] {
  const prefixes = sharedPrefixes(known);
  return Object.keys(env)
    .filter((key) => /^[A-Z][A-Z0-9_]*$/.test(key) && !known.includes(key))
    .flatMap((key) => {
      const ours = key.startsWith(OWN_PREFIX);
      const guess = closestSetting(key, known, ours || prefixes.some((p) => key.startsWith(p)));
      if (!ours && guess === undefined) return [];
      return [
        `${key} is not a whybot setting${guess ? ` (did you mean ${guess}?)` : ''}: see .env.example for the list`,
      ];
    });
}
