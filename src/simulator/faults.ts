// Fault injection for the exchange simulator: answer matching requests with a 429, a 500, or a stall
// past the client's timeout, a given number of times. Tests use it to prove every upstream failure is handled.

/** The kinds of failure the simulator can play. */
export type FaultKind = 'rate-limit' | 'server-error' | 'stall';

/** One fault rule: requests whose path contains `path` fail as `kind`, `times` times (default: always). */
export interface FaultRule {
  path: string;
  kind: FaultKind;
  times?: number;
  /** For rate-limit: the Retry-After header in seconds (default 1). */
  retryAfterSeconds?: number;
}

/** The active fault rules; the first match that still has uses left wins. */
export class FaultPlan {
  private rules: Array<FaultRule & { left: number }> = [];

  /** Add a rule. */
  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? Infinity });
  }

  /** Remove every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The fault to play for this path, consuming one use; undefined for a normal answer. */
  take(path: string): FaultRule | undefined {
    const rule = this.rules.find((r) => r.left > 0 && path.includes(r.path));
    if (rule) rule.left -= 1;
    return rule;
  }
}
