// Reading snapshot parts safely: a part is used only when it was fetched, its numbers are sane and it is fresh.
import type { Candle, Part } from '../gather/types.ts';

/** True for a finite number. */
export function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Beyond these, a value is broken data rather than a market fact: no coin trades at $10B, no total is $1 quadrillion. */
export const MAX_PRICE_USD = 1e10;
export const MAX_AMOUNT_USD = 1e15;
/** Prices below this are treated as broken (a quote of 0.000000000001 dollars carries no information). */
export const MIN_PRICE_USD = 1e-12;

/** True for a finite number above zero, below the sanity cap for USD amounts (totals, open interest). */
export function isPositive(x: unknown): x is number {
  return isNum(x) && x > 0 && x <= MAX_AMOUNT_USD;
}

/** True for a plausible USD price. */
export function isPrice(x: unknown): x is number {
  return isNum(x) && x >= MIN_PRICE_USD && x <= MAX_PRICE_USD;
}

/** Data may be slightly ahead of `now` (clock skew); more than this is treated as not usable. */
const FUTURE_SLACK_MS = 5 * 60_000;

/** True when `at` lies within [now - maxAge, now + slack]. */
export function isFresh(at: number, now: number, maxAgeMs: number): boolean {
  return isNum(at) && at >= now - maxAgeMs && at <= now + FUTURE_SLACK_MS;
}

/** The value of a fetched part (regardless of age), or undefined with the reason pushed to `gaps`. */
export function partValue<T>(
  part: Part<T> | undefined,
  what: string,
  gaps: string[],
): { value: T; source: string; asOf: number } | undefined {
  if (!part) return undefined;
  if (!part.ok) {
    gaps.push(`${what}: ${part.reason}`);
    return undefined;
  }
  if (part.value === null || part.value === undefined) {
    gaps.push(`${what}: empty`);
    return undefined;
  }
  return { value: part.value, source: part.source, asOf: part.asOf };
}

/**
 * Closed, valid candles of one interval, oldest first: drops broken rows (non-finite or non-positive prices),
 * duplicates and candles that had not closed by `now`.
 */
export function cleanCandles(raw: unknown, intervalMs: number, now: number): Candle[] {
  if (!Array.isArray(raw)) return [];
  const byTime = new Map<number, Candle>();
  for (const c of raw as Candle[]) {
    if (!c || !isNum(c.t) || !isPrice(c.o) || !isPrice(c.h) || !isPrice(c.l) || !isPrice(c.c)) continue;
    if (c.t + intervalMs > now) continue;
    const h = Math.max(c.o, c.h, c.l, c.c);
    const l = Math.min(c.o, c.h, c.l, c.c);
    byTime.set(c.t, { t: c.t, o: c.o, h, l, c: c.c, v: isNum(c.v) && c.v >= 0 ? c.v : 0 });
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** Closed candles of a part when the newest one closed within `maxAgeMs` of `now`; else an empty list and a gap. */
export function freshCandles(
  part: Part<Candle[]> | undefined,
  intervalMs: number,
  now: number,
  maxAgeMs: number,
  what: string,
  gaps: string[],
): { candles: Candle[]; source: string } {
  const got = partValue(part, what, gaps);
  if (!got) return { candles: [], source: '' };
  const candles = cleanCandles(got.value, intervalMs, now);
  const last = candles[candles.length - 1];
  if (!last || !isFresh(last.t + intervalMs, now, maxAgeMs)) {
    gaps.push(`${what}: ${last ? 'stale' : 'no valid candles'}`);
    return { candles: [], source: got.source };
  }
  return { candles, source: got.source };
}
