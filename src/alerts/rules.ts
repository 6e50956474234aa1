// Drop-alert rules as people write them (`BTC:-3%:1h`, `basket:-5%:24h`): parsing with friendly errors, the
// rule in words, and the escalation bands (-3, -5, -8, ...). What a rule is and its key live in src/core/alert-rule.ts. Pure.
import { ALERT_WINDOWS, BASKET, formatDrop, ruleKey, type AlertRule } from '../core/alert-rule.ts';
import { UserFacingError } from '../core/errors.ts';

/** Smallest and largest drop a rule may watch for, percent. */
export const DROP_LIMITS = { min: 0.5, max: 50 } as const;

/** A rule's text that cannot be understood; the message is written for the person who typed it. */
export class AlertRuleError extends UserFacingError {
  override readonly name = 'AlertRuleError';
}

/** A window for people: `1 h`, `24 h`, `15 min`. */
export function windowText(ms: number): string {
  return ms % 3_600_000 === 0 ? `${(ms / 3_600_000).toString()} h` : `${Math.round(ms / 60_000).toString()} min`;
}

/** Parse a drop size as people type it: `3`, `-3`, `3%`, `−2.5 %`. A rise (`+3%`) is refused. Throws AlertRuleError. */
export function parseDrop(text: string): number {
  if (/^\s*\+/.test(text))
    throw new AlertRuleError(
      'Alerts watch drops only: a threshold with a plus sign is a rise. Write the drop with a minus sign or none, e.g. -3%.',
    ).keyed('error.alerts.rise');
  const match = /^[-−–]?\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*%?$/u.exec(text.trim());
  const value = match ? Number(match[1]!.replace(',', '.')) : Number.NaN;
  if (!Number.isFinite(value) || value < DROP_LIMITS.min || value > DROP_LIMITS.max) {
    throw new AlertRuleError(
      `The threshold must be a drop between ${DROP_LIMITS.min.toString()}% and ${DROP_LIMITS.max.toString()}%, e.g. -3%.`,
    ).keyed('error.alerts.threshold', { min: DROP_LIMITS.min, max: DROP_LIMITS.max });
  }
  return value;
}

/** Parse a window name (`1h`, `24H`). Throws AlertRuleError naming the windows there are. */
export function parseWindow(text: string): number {
  const ms = ALERT_WINDOWS[text.trim().toLowerCase()];
  if (ms === undefined)
    throw new AlertRuleError(`The window must be one of ${Object.keys(ALERT_WINDOWS).join(', ')}.`).keyed(
      'error.alerts.window',
      { windows: Object.keys(ALERT_WINDOWS).join(', ') },
    );
  return ms;
}

/** Parse a target: a coin symbol, or `basket` / `market` for the basket. Upper-cases coins; does not check they are tracked. */
export function parseTarget(text: string): string {
  const t = text.normalize('NFKC').trim().replace(/^\$/, '').toUpperCase();
  if (t === BASKET || t === 'MARKET' || t === 'ALL') return BASKET;
  if (!/^[A-Z0-9]{1,15}$/.test(t))
    throw new AlertRuleError('The coin must be a symbol such as BTC, or "basket" for the whole tracked market.').keyed(
      'error.alerts.coin',
    );
  return t;
}

/** Parse a rule written `target:drop:window`, e.g. `BTC:-3%:1h` or `basket:-5:24h` (spaces also separate). */
export function parseRule(text: string): AlertRule {
  const parts = text
    .trim()
    .split(/[\s:]+/)
    .filter(Boolean);
  if (parts.length !== 3)
    throw new AlertRuleError(`"${text}" is not a rule; write it as COIN:-3%:1h or basket:-5%:24h.`);
  return { target: parseTarget(parts[0]!), dropPct: parseDrop(parts[1]!), windowMs: parseWindow(parts[2]!) };
}

/** Parse a comma-separated list of rules (the configuration's form). Throws AlertRuleError. */
export function parseRuleList(text: string): AlertRule[] {
  const rules = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseRule);
  const seen = new Set<string>();
  return rules.filter((r) => (seen.has(ruleKey(r)) ? false : (seen.add(ruleKey(r)), true)));
}

/** The rule for people: `BTC falls 3% within 1 h`, `the basket falls 5% within 24 h`. */
export function describeRule(rule: AlertRule): string {
  const who = rule.target === BASKET ? 'the basket' : rule.target;
  return `${who} falls ${formatDrop(rule.dropPct)}% within ${windowText(rule.windowMs)}`;
}

const FIBONACCI = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];

/**
 * The escalation bands of a rule, in percent of drop: the threshold, then Fibonacci steps that are each at least
 * half again as deep (3 -> 3, 5, 8, 13, 21, 34, 55, 89; 5 -> 5, 8, 13, ...; 4 -> 4, 8, 13, ...). Capped below 100.
 */
export function bandLadder(dropPct: number): number[] {
  const ladder = [dropPct];
  for (const f of FIBONACCI) {
    if (f >= 100) break;
    if (f >= ladder[ladder.length - 1]! * 1.5) ladder.push(f);
  }
  return ladder;
}

/** How many bands a move (percent, negative for a drop) has crossed: 0 above the threshold, 1 past it, 2 past the next... */
export function bandOf(ladder: readonly number[], movePct: number): number {
  let band = 0;
  for (const level of ladder) if (movePct <= -level + 1e-9) band += 1;
  return band;
}
