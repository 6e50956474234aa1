// The alerts whybot would have posted over a price history: the live watcher's engine and gate run over
// recorded prices, as one channel subscribed to the given rules. Pure.
import { type ChannelRuleMemory, type Episode } from '../core/alert-state.ts';
import { gate, type GatePolicy } from './channel-gate.ts';
import { episodeMove, stepRule, type EnginePolicy, type RuleReading } from './engine.ts';
import { type PriceTick } from '../core/price-tick.ts';
import { PriceHistory } from './price-history.ts';
import { ruleKey, type AlertRule } from '../core/alert-rule.ts';
import { bandLadder } from './rules.ts';

/** One alert the backtest would have posted. */
export interface BacktestAlert {
  at: number;
  rule: AlertRule;
  /** `new`: the first post of a drop; `deeper`: an escalation past the next band. */
  kind: 'new' | 'deeper';
  /** The band posted (1 = the threshold) and its level in percent. */
  band: number;
  bandPct: number;
  episode: Episode;
  /** The move behind the post: the window move for a new drop, the move from the anchor for a deeper one. */
  reading: RuleReading;
}

/** Settings of a backtest. */
export interface BacktestOptions {
  rules: readonly AlertRule[];
  /** Coins of the basket rule. */
  basketCoins: readonly string[];
  engine?: EnginePolicy;
  gate?: GatePolicy;
}

/** Run the rules over `ticks` (any order; evaluated in time order, once per distinct time). */
export function backtestAlerts(ticks: readonly PriceTick[], options: BacktestOptions): BacktestAlert[] {
  const longest = Math.max(...options.rules.map((r) => r.windowMs), 0);
  const history = new PriceHistory({ keepMs: longest * 2 + 3_600_000, resolutionMs: 1000 });
  const sorted = [...ticks].sort((a, b) => a.at - b.at);
  const episodes = new Map<string, Episode | undefined>();
  const memories = new Map<string, ChannelRuleMemory>();
  const alerts: BacktestAlert[] = [];
  let i = 0;
  while (i < sorted.length) {
    const at = sorted[i]!.at;
    while (i < sorted.length && sorted[i]!.at === at) history.record(sorted[i++]!);
    for (const rule of options.rules) {
      const key = ruleKey(rule);
      const step = stepRule(rule, episodes.get(key), history, at, options.basketCoins, options.engine);
      episodes.set(key, step.episode);
      const decision = gate(memories.get(key) ?? { band: 0 }, step.episode, at, options.gate);
      memories.set(key, decision.memory);
      if (!decision.post || step.episode === undefined) continue;
      const reading = step.reading ?? episodeMove(rule, step.episode, history, at);
      if (reading === undefined) continue;
      alerts.push({
        at,
        rule,
        kind: decision.reason === 'new' ? 'new' : 'deeper',
        band: step.episode.band,
        bandPct: bandLadder(rule.dropPct)[step.episode.band - 1] ?? rule.dropPct,
        episode: step.episode,
        reading,
      });
    }
  }
  return alerts;
}
