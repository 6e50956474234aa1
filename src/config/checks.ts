// Checks that involve more than one setting, or a setting's shape beyond its type: each problem is one
// line that says what is wrong and what to do. Run on the settings that passed their own validation. Each chat
// platform checks its own settings (PlatformSettings.problems).
import { BASKET } from '../core/alert-rule.ts';
import { parseRuleList } from '../alerts/rules.ts';
import { unknownNameProblems } from './names.ts';
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

/** Quote currencies people append to a coin when they write a market (BTCUSDT) instead of the coin (BTC). */
const QUOTES = ['USDT', 'USDC', 'BUSD', 'FDUSD', 'PERP'];

/** Coins written as markets (BTCUSDT, ETHUSDC): the coin alone is wanted, the quote is WHYBOT_QUOTE. */
function marketAsCoinProblems({ config }: CheckInput): string[] {
  const coins = config.WHYBOT_COINS;
  if (coins === undefined) return [];
  const quotes = [...new Set([config.WHYBOT_QUOTE?.toUpperCase(), ...QUOTES])].filter((q) => q !== undefined);
  return coins.flatMap((coin) => {
    const quote = quotes.find((q) => coin.length > q.length && coin.endsWith(q));
    if (quote === undefined) return [];
    const base = coin.slice(0, -quote.length);
    return [
      `WHYBOT_COINS: "${coin}" is a market, not a coin: write ${base} (the quote currency is WHYBOT_QUOTE, ${config.WHYBOT_QUOTE ?? 'USDT'})`,
    ];
  });
}

/** Alert rules set on a coin that is not tracked would never fire: name it (the built-in default is left alone). */
function ruleCoinProblems({ config, env }: CheckInput): string[] {
  const { WHYBOT_ALERT_RULES: text, WHYBOT_COINS: coins } = config;
  if (env.WHYBOT_ALERT_RULES === undefined || text === undefined || coins === undefined || coins.length === 0)
    return [];
  const untracked = [
    ...new Set(
      parseRuleList(text)
        .map((rule) => rule.target)
        .filter((target) => target !== BASKET && !coins.includes(target)),
    ),
  ];
  return untracked.map(
    (coin) =>
      `WHYBOT_ALERT_RULES has a rule on ${coin}, which is not tracked (WHYBOT_COINS is ${coins.join(',')}): add ${coin} to WHYBOT_COINS or change the rule`,
  );
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
      'WHYBOT_COLLECTOR is on but WHYBOT_LIQ_EXCHANGES lists no exchange: name one (binanceusdm, bybit, okx, gate, dydx, htx, bitmex) or set WHYBOT_COLLECTOR=off',
    );
  }
  return problems;
}

/** Every cross-setting problem, one line each, in a stable order (the platforms' own checks after the names). */
export function crossFieldProblems(input: CheckInput, platforms: readonly PlatformSettings[] = []): string[] {
  return [
    ...unknownNameProblems(input.env, input.known),
    ...platforms.flatMap((platform) => platform.problems(input)),
    ...listProblems(input),
    ...marketAsCoinProblems(input),
    ...ruleCoinProblems(input),
    ...regimeProblems(input),
  ];
}
