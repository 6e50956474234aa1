// Checks that involve more than one setting, or a setting's shape beyond its type: each problem is one
// line that says what is wrong and what to do. Run on the settings that passed their own validation. Each chat
// platform checks its own settings (PlatformSettings.problems).
import type { PlatformSettings } from './platform-settings.ts';
import type { Config } from './schema.ts';

/** Settings that passed their own validation (the others are absent), plus the raw environment. */
export interface CheckInput {
  config: Partial<Config>;
  /** The environment as given, empty values removed (to tell "set" from "defaulted"). */
  env: Record<string, string>;
  /** Every setting name the schema knows. */
  known: readonly string[];
}

function regimeProblems({ config }: CheckInput): string[] {
  const {
    WHYBOT_REGIME_CRASH_PCT: crash,
    WHYBOT_REGIME_SELLOFF_PCT: selloff,
    WHYBOT_REGIME_FLAT_PCT: flat,
    WHYBOT_REGIME_RALLY_PCT: rally,
  } = config;
  const problems: string[] = [];
  if (crash !== undefined && selloff !== undefined && crash >= selloff) {
    problems.push(
      `WHYBOT_REGIME_CRASH_PCT (${crash}) must be below WHYBOT_REGIME_SELLOFF_PCT (${selloff}): a crash is a deeper fall than a sell-off`,
    );
  }
  if (selloff !== undefined && flat !== undefined && selloff >= -flat) {
    problems.push(
      `WHYBOT_REGIME_SELLOFF_PCT (${selloff}) must be below minus WHYBOT_REGIME_FLAT_PCT (-${flat}): the flat band would swallow sell-offs`,
    );
  }
  if (flat !== undefined && rally !== undefined && rally <= flat) {
    problems.push(
      `WHYBOT_REGIME_RALLY_PCT (${rally}) must be above WHYBOT_REGIME_FLAT_PCT (${flat}): the flat band would swallow rallies`,
    );
  }
  return problems;
}

function listProblems({ config, env }: CheckInput): string[] {
  const problems: string[] = [];
  if (config.WHYBOT_COINS !== undefined && config.WHYBOT_COINS.length === 0)
    problems.push(
      `WHYBOT_COINS lists no coin (got ${JSON.stringify(env.WHYBOT_COINS ?? '')}): name at least one, e.g. BTC,ETH`,
    );
  if (
    config.WHYBOT_COLLECTOR === 'on' &&
    config.WHYBOT_LIQ_EXCHANGES !== undefined &&
    config.WHYBOT_LIQ_EXCHANGES.length === 0
  ) {
    problems.push(
      'WHYBOT_COLLECTOR is on but WHYBOT_LIQ_EXCHANGES lists no exchange: name one (binanceusdm, bybit, okx) or set WHYBOT_COLLECTOR=off',
    );
  }
  return problems;
}

/** Edit distance with adjacent transpositions counted as one edit (TOKNE -> TOKEN is one). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const bare = (key: string) => key.replace(/^WHYBOT_/, '');

/**
 * The known setting a name most likely meant, comparing names with and without the WHYBOT_ prefix
 * (WHYBOT_COIN, COINS, WHYBOT_LOG_LEVEL, LOG_LEVL, DISCORD_TOKNE), or undefined when none is close.
 * `loose` allows more edits (for WHYBOT_ names, which are certainly meant for whybot).
 */
export function closestSetting(name: string, known: readonly string[], loose = false): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = Math.min(distance(name, key), distance(bare(name), bare(key)));
    const limit = loose ? 3 : Math.max(1, Math.floor(bare(name).length / 5));
    if (d <= limit && (best === undefined || d < best.d)) best = { key, d };
  }
  return best?.key;
}

/**
 * Settings that are not whybot's: every unknown WHYBOT_ name, and any other name that looks like a misspelt
 * whybot setting (other programs' variables, PATH or HOME, are left alone).
 */
function unknownProblems({ env, known }: CheckInput): string[] {
  return Object.keys(env)
    .filter((key) => /^[A-Z][A-Z0-9_]*$/.test(key) && !known.includes(key))
    .flatMap((key) => {
      const ours = key.startsWith('WHYBOT_');
      const guess = closestSetting(key, known, ours);
      if (!ours && guess === undefined) return [];
      return [
        `${key} is not a whybot setting${guess ? ` (did you mean ${guess}?)` : ''}: see .env.example for the list`,
      ];
    });
}

/** Every cross-setting problem, one line each, in a stable order (the platforms' own checks after the names). */
export function crossFieldProblems(input: CheckInput, platforms: readonly PlatformSettings[] = []): string[] {
  return [
    ...unknownProblems(input),
    ...platforms.flatMap((platform) => platform.problems(input)),
    ...listProblems(input),
    ...regimeProblems(input),
  ];
}
