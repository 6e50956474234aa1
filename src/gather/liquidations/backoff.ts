// Reconnect delays: exponential with jitter, first retry quickly (well within 5 s by default).

/** Backoff settings, in ms. */
export interface BackoffOptions {
  /** First delay (default 1000). */
  initialMs?: number;
  /** Largest delay (default 60000). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Random spread, as a fraction of the delay (default 0.2: +-20%). */
  jitter?: number;
}

/** The delay before reconnect attempt `attempt` (0 = first retry). `random` is for tests. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(max, initial * factor ** Math.max(0, attempt));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(max, base + spread)));
}
