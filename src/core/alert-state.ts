// The state of drop alerts that outlives a restart: a rule's open episode and what one chat remembers about a
// rule. The alert engine and gate compute them; the store only keeps them.

/** One sharp drop of one rule, from its first crossing until it recovers or calms down. */
export interface Episode {
  /** Stable id: rule key and start time, e.g. `BTC:-3%:1h@1722830400000`. */
  id: string;
  /** Data time the threshold was first crossed. */
  startedAt: number;
  /** Prices the drop is measured from (each coin's price at the window's start), and their time. */
  anchor: Record<string, { price: number; at: number }>;
  /** Deepest band reached (1 = past the threshold). */
  band: number;
  /** Deepest drop from the anchor seen, percent (negative). */
  deepestPct: number;
  /** Data time the band last went up (or the episode started). */
  lastDeepenAt: number;
}

/** What a channel remembers about one rule. */
export interface ChannelRuleMemory {
  /** The episode this channel last saw (posted or held back by the cooldown). */
  episode?: string;
  /** The deepest band of that episode this channel has seen. */
  band: number;
  /** Data time of the channel's last alert post for this rule. */
  lastPostAt?: number;
}
