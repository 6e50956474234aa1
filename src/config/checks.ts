// Checks that involve more than one setting, or a setting's shape beyond its type: each problem is one
// line that says what is wrong and what to do. Run on the settings that passed their own validation.
import type { Config } from './schema.ts';

/** Settings that passed their own validation (the others are absent), plus the raw environment. */
export interface CheckInput {
  config: Partial<Config>;
  /** The environment as given, empty values removed (to tell "set" from "defaulted"). */
  env: Record<string, string>;
  /** Every setting name the schema knows. */
  known: readonly string[];
}

const TELEGRAM_TOKEN_SHAPE = /^\d+:[A-Za-z0-9_-]+$/;

function tokenProblems({ config, env }: CheckInput): string[] {
  const problems: string[] = [];
  const discord = config.DISCORD_TOKEN;
  const telegram = config.TELEGRAM_TOKEN;
  if (discord !== undefined) {
    if (/^bot\s/i.test(discord)) problems.push('DISCORD_TOKEN starts with "Bot ": give the token alone, without the "Bot " prefix');
    else if (/\s/.test(discord)) problems.push('DISCORD_TOKEN contains spaces or line breaks: paste the token alone');
    else if (TELEGRAM_TOKEN_SHAPE.test(discord)) problems.push('DISCORD_TOKEN looks like a Telegram token (digits, a colon, letters): did you mean TELEGRAM_TOKEN?');
  }
  if (telegram !== undefined && !TELEGRAM_TOKEN_SHAPE.test(telegram)) {
    problems.push('TELEGRAM_TOKEN does not look like a token from @BotFather (digits, a colon, then letters, e.g. 123456:ABC-def)');
  }
  if (config.TELEGRAM_WEBHOOK_URL !== undefined && env.TELEGRAM_WEBHOOK_SECRET === undefined) {
    problems.push('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is missing: set a secret (letters, digits, _ or -) so only Telegram can post updates');
  }
  if (config.TELEGRAM_WEBHOOK_URL !== undefined && env.TELEGRAM_TOKEN === undefined) {
    problems.push('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_TOKEN is missing: set the bot token, or remove TELEGRAM_WEBHOOK_URL');
  }
  for (const key of ['DISCORD_APP_ID', 'DISCORD_GUILD_ID'] as const) {
    if (config[key] !== undefined && env.DISCORD_TOKEN === undefined) {
      problems.push(`${key} is set but DISCORD_TOKEN is missing: set the bot token, or remove ${key}`);
    }
  }
  return problems;
}

function regimeProblems({ config }: CheckInput): string[] {
  const { WHYBOT_REGIME_CRASH_PCT: crash, WHYBOT_REGIME_SELLOFF_PCT: selloff, WHYBOT_REGIME_FLAT_PCT: flat, WHYBOT_REGIME_RALLY_PCT: rally } = config;
  const problems: string[] = [];
  if (crash !== undefined && selloff !== undefined && crash >= selloff) {
    problems.push(`WHYBOT_REGIME_CRASH_PCT (${crash}) must be below WHYBOT_REGIME_SELLOFF_PCT (${selloff}): a crash is a deeper fall than a sell-off`);
  }
  if (selloff !== undefined && flat !== undefined && selloff >= -flat) {
    problems.push(`WHYBOT_REGIME_SELLOFF_PCT (${selloff}) must be below minus WHYBOT_REGIME_FLAT_PCT (-${flat}): the flat band would swallow sell-offs`);
  }
  if (flat !== undefined && rally !== undefined && rally <= flat) {
    problems.push(`WHYBOT_REGIME_RALLY_PCT (${rally}) must be above WHYBOT_REGIME_FLAT_PCT (${flat}): the flat band would swallow rallies`);
  }
  return problems;
}

function listProblems({ config, env }: CheckInput): string[] {
  const problems: string[] = [];
  if (config.WHYBOT_COINS !== undefined && config.WHYBOT_COINS.length === 0) problems.push(`WHYBOT_COINS lists no coin (got ${JSON.stringify(env.WHYBOT_COINS ?? '')}): name at least one, e.g. BTC,ETH`);
  if (config.WHYBOT_COLLECTOR === 'on' && config.WHYBOT_LIQ_EXCHANGES !== undefined && config.WHYBOT_LIQ_EXCHANGES.length === 0) {
    problems.push('WHYBOT_COLLECTOR is on but WHYBOT_LIQ_EXCHANGES lists no exchange: name one (binanceusdm, bybit, okx) or set WHYBOT_COLLECTOR=off');
  }
  return problems;
}

/** The closest known setting to a misspelt one (same prefix, small edit distance), if any. */
function closest(name: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = row[j]!;
        row[j] = next;
      }
    }
    return row[b.length]!;
  };
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = distance(name, key);
    if (d <= 3 && (best === undefined || d < best.d)) best = { key, d };
  }
  return best?.key;
}

function unknownProblems({ env, known }: CheckInput): string[] {
  return Object.keys(env)
    .filter((key) => key.startsWith('WHYBOT_') && !known.includes(key))
    .map((key) => {
      const guess = closest(key, known);
      return `${key} is not a whybot setting${guess ? ` (did you mean ${guess}?)` : ''}: see .env.example for the list`;
    });
}

/** Every cross-setting problem, one line each, in a stable order. */
export function crossFieldProblems(input: CheckInput): string[] {
  return [...unknownProblems(input), ...tokenProblems(input), ...listProblems(input), ...regimeProblems(input)];
}
