// Whether one channel gets a post for one rule's episode now: once per band, a cooldown between episodes,
// and a short gap between escalations. Pure: the channel's memory and the time come in, a decision comes out.
import type { ChannelRuleMemory, Episode } from '../core/alert-state.ts';

/** Tuning of the gate. */
export interface GatePolicy {
  /** After a post, a new episode of the same rule is not posted to the channel for this long, ms. */
  cooldownMs: number;
  /** Least time between two posts of one episode (escalations), ms; a deeper band waits, it is not dropped. */
  escalationGapMs: number;
}

/** Default gate: 2 h cooldown between episodes, 10 min between escalations. */
export const DEFAULT_GATE_POLICY: GatePolicy = { cooldownMs: 2 * 3_600_000, escalationGapMs: 10 * 60_000 };

/** The gate's decision. */
export interface GateDecision {
  post: boolean;
  /** `new`: first post of an episode; `deeper`: an escalation; otherwise why nothing is posted. */
  reason: 'new' | 'deeper' | 'cooldown' | 'seen' | 'wait' | 'no-episode';
  /** The channel's memory after the decision (save it when it differs). */
  memory: ChannelRuleMemory;
}

/** Decide for one channel and one rule at data time `at`. */
export function gate(
  memory: ChannelRuleMemory,
  episode: Episode | undefined,
  at: number,
  policy: GatePolicy = DEFAULT_GATE_POLICY,
): GateDecision {
  if (episode === undefined) return { post: false, reason: 'no-episode', memory };
  const sinceLast = memory.lastPostAt === undefined ? Infinity : at - memory.lastPostAt;
  if (memory.episode !== episode.id) {
    if (sinceLast < policy.cooldownMs) {
      // held back: the channel has heard about this rule recently; only a deeper band will be posted
      return { post: false, reason: 'cooldown', memory: { ...memory, episode: episode.id, band: episode.band } };
    }
    return { post: true, reason: 'new', memory: { episode: episode.id, band: episode.band, lastPostAt: at } };
  }
  if (episode.band <= memory.band) return { post: false, reason: 'seen', memory };
  if (sinceLast < policy.escalationGapMs) return { post: false, reason: 'wait', memory };
  return { post: true, reason: 'deeper', memory: { episode: episode.id, band: episode.band, lastPostAt: at } };
}
