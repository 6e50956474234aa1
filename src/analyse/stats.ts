// Small statistics over number arrays: mean, standard deviation, covariance, correlation, log returns.

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation; NaN for fewer than two values. */
export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Sample covariance of two equally long lists; NaN when shorter than two. */
export function covariance(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  const mx = mean(xs.slice(0, n));
  const my = mean(ys.slice(0, n));
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - mx) * (ys[i]! - my);
  return s / (n - 1);
}

/** Pearson correlation; NaN when either list has no variance. */
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  const c = covariance(xs, ys);
  const d = stdev(xs) * stdev(ys);
  return d > 0 ? c / d : NaN;
}

/** Log returns of consecutive values (all must be positive). */
export function logReturns(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) out.push(Math.log(values[i]! / values[i - 1]!));
  return out;
}

/** Clamp to [lo, hi]. */
export function clamp(x: number, lo = 0, hi = 1): number {
  return Math.min(hi, Math.max(lo, x));
}
