// What a drop-alert rule is and how it is named: a coin or the basket, a drop size, a window, and the stable
// key (`BTC:-3%:1h`) the rule is stored and compared under. Shared by the configuration, the store, the alert
// engine and the commands; parsing what people type stays in src/alerts/rules.ts.

/** The rule target that means "the basket of tracked coins" (equal-weighted). */
export const BASKET = 'BASKET';

/** One drop-alert rule: fire when `target` falls `dropPct` percent or more within `windowMs`. */
export interface AlertRule {
  /** An upper-case coin symbol (`BTC`) or BASKET. */
  target: string;
  /** Size of the drop in percent, positive (3 means -3%). */
  dropPct: number;
  /** Length of the window the drop is measured over, ms. */
  windowMs: number;
}

/** Windows a rule may use, by the name people type. */
export const ALERT_WINDOWS: Readonly<Record<string, number>> = {
  '15m': 15 * 60_000,
  '30m': 30 * 60_000,
  '1h': 3_600_000,
  '4h': 4 * 3_600_000,
  '12h': 12 * 3_600_000,
  '24h': 24 * 3_600_000,
};

/** The default rules: BTC -3% in 1 h, the basket -5% in 24 h. */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = Object.freeze([
  { target: 'BTC', dropPct: 3, windowMs: 3_600_000 },
  { target: BASKET, dropPct: 5, windowMs: 24 * 3_600_000 },
]);

/** The window's name (`1h`), or a plain duration for a window not in ALERT_WINDOWS. */
export function windowName(ms: number): string {
  const named = Object.entries(ALERT_WINDOWS).find(([, v]) => v === ms)?.[0];
  if (named !== undefined) return named;
  return ms % 3_600_000 === 0 ? `${(ms / 3_600_000).toString()}h` : `${Math.round(ms / 60_000).toString()}m`;
}

/** The stable key of a rule, e.g. `BTC:-3%:1h`; rules with the same key are the same rule. */
export function ruleKey(rule: AlertRule): string {
  return `${rule.target}:-${formatDrop(rule.dropPct)}%:${windowName(rule.windowMs)}`;
}

/** A drop size without trailing zeros: 3, 2.5. */
export function formatDrop(dropPct: number): string {
  return String(Number(dropPct.toFixed(2)));
}
