// The drop-rule state machine, shared by the live watcher and the backtest. Pure: prices and time come in,
// the rule's episode comes out. An episode starts when the move over the rule's window crosses the threshold;
// its anchor is the price at the window's start, and it deepens band by band (-3, -5, -8, ...) as the price
// falls further below that anchor. It ends when the price recovers (back within half the threshold of the
// anchor), or when the market has been calm (window move above half the threshold) for a whole window.
import type { Episode } from '../core/alert-state.ts';
import { BASKET, ruleKey, type AlertRule } from '../core/alert-rule.ts';
import { bandLadder, bandOf } from './rules.ts';
import type { PricePoint, PriceView } from './price-history.ts';

/** Tuning of the state machine. */
export interface EnginePolicy {
  /** A move back above `-dropPct x resetFraction` counts as recovered (hysteresis), default 0.5. */
  resetFraction: number;
}

/** The defaults: recover at half the threshold. */
export const DEFAULT_ENGINE_POLICY: EnginePolicy = { resetFraction: 0.5 };

/** A rule's move, with every price it was computed from. */
export interface RuleReading {
  rule: AlertRule;
  at: number;
  /** The move in percent (negative for a drop): over the window for a start, from the anchor otherwise. */
  movePct: number;
  /** Coins the move was computed over (one for a coin rule; the basket's coins that had prices). */
  coins: string[];
  /** Each coin's price at the start of the measured move. */
  from: Record<string, PricePoint>;
  /** Each coin's latest price. */
  to: Record<string, PricePoint>;
}

/** What one step did. */
export type StepChange = 'none' | 'started' | 'deepened' | 'ended';

/** The result of a step: the new episode (undefined when none is open), what changed, and the reading behind it. */
export interface StepResult {
  episode: Episode | undefined;
  change: StepChange;
  /** The reading of a start or deepening (a start: the window move; a deepening: the move from the anchor). */
  reading?: RuleReading;
  /** Why an episode ended. */
  endReason?: 'recovered' | 'calm';
}

/** Equal-weighted mean move of `coins` from `from` to `to` prices, percent; undefined when no coin has both. */
function meanMove(
  coins: string[],
  from: (coin: string) => PricePoint | undefined,
  to: (coin: string) => PricePoint | undefined,
  at: number,
  rule: AlertRule,
): RuleReading | undefined {
  const used: string[] = [];
  const fromPts: Record<string, PricePoint> = {};
  const toPts: Record<string, PricePoint> = {};
  let sum = 0;
  for (const coin of coins) {
    const a = from(coin);
    const b = to(coin);
    if (a === undefined || b === undefined || !(a.price > 0)) continue;
    used.push(coin);
    fromPts[coin] = a;
    toPts[coin] = b;
    sum += (b.price / a.price - 1) * 100;
  }
  if (used.length === 0) return undefined;
  return { rule, at, movePct: sum / used.length, coins: used, from: fromPts, to: toPts };
}

/** Coins a rule reads: its coin, or every basket coin. */
export function ruleCoins(rule: AlertRule, basketCoins: readonly string[]): string[] {
  return rule.target === BASKET ? [...basketCoins] : [rule.target];
}

/** The rule's move over its window ending at `at` (latest prices against the window's start), or undefined without data. */
export function windowMove(
  rule: AlertRule,
  view: PriceView,
  at: number,
  basketCoins: readonly string[],
): RuleReading | undefined {
  // a coin whose latest price is far older than `at` would mix times; prices older than a window are left out
  const fresh = (coin: string) => {
    const p = view.latest(coin);
    return p !== undefined && at - p.at <= Math.max(rule.windowMs / 4, 5 * 60_000) ? p : undefined;
  };
  return meanMove(
    ruleCoins(rule, basketCoins),
    (c) => {
      const latest = fresh(c);
      return latest === undefined ? undefined : view.reference(c, rule.windowMs, latest.at);
    },
    fresh,
    at,
    rule,
  );
}

/** The move from the episode's anchor to the latest prices, or undefined without prices. */
export function episodeMove(rule: AlertRule, episode: Episode, view: PriceView, at: number): RuleReading | undefined {
  return meanMove(
    Object.keys(episode.anchor),
    (c) => {
      const a = episode.anchor[c];
      return a === undefined ? undefined : { ...a, source: view.latest(c)?.source ?? '' };
    },
    (c) => view.latest(c),
    at,
    rule,
  );
}

/**
 * Advance one rule by one evaluation at data time `at`. Returns the episode after the step and what changed.
 * Calling it again with the same prices changes nothing (no double start, no double deepening).
 */
export function stepRule(
  rule: AlertRule,
  episode: Episode | undefined,
  view: PriceView,
  at: number,
  basketCoins: readonly string[],
  policy: EnginePolicy = DEFAULT_ENGINE_POLICY,
): StepResult {
  const ladder = bandLadder(rule.dropPct);
  const resetLevel = -rule.dropPct * policy.resetFraction;
  const window = windowMove(rule, view, at, basketCoins);
  let endReason: StepResult['endReason'];

  if (episode !== undefined) {
    const depth = episodeMove(rule, episode, view, at);
    // the shared episode was stepped on newer prices than these (by the process that led before this one took
    // over, or on another coin's tick): prices older than its last step neither end nor deepen it
    if (depth !== undefined && Math.max(...Object.values(depth.to).map((p) => p.at)) < episode.lastDeepenAt)
      return { episode, change: 'none' };
    if (depth !== undefined && depth.movePct >= resetLevel) {
      endReason = 'recovered';
    } else if (window !== undefined && window.movePct > resetLevel && at - episode.lastDeepenAt >= rule.windowMs) {
      endReason = 'calm';
    } else {
      if (depth === undefined) return { episode, change: 'none' };
      const band = bandOf(ladder, depth.movePct);
      const deepest = Math.min(episode.deepestPct, depth.movePct);
      if (band > episode.band) {
        return {
          episode: { ...episode, band, deepestPct: deepest, lastDeepenAt: at },
          change: 'deepened',
          reading: depth,
        };
      }
      return { episode: deepest < episode.deepestPct ? { ...episode, deepestPct: deepest } : episode, change: 'none' };
    }
  }

  if (window !== undefined && bandOf(ladder, window.movePct) >= 1) {
    const anchor: Episode['anchor'] = {};
    for (const coin of window.coins) anchor[coin] = { price: window.from[coin]!.price, at: window.from[coin]!.at };
    const started: Episode = {
      id: `${ruleKey(rule)}@${at.toString()}`,
      startedAt: at,
      anchor,
      band: bandOf(ladder, window.movePct),
      deepestPct: window.movePct,
      lastDeepenAt: at,
    };
    return { episode: started, change: 'started', reading: window };
  }
  return endReason === undefined
    ? { episode: undefined, change: 'none' }
    : { episode: undefined, change: 'ended', endReason };
}
