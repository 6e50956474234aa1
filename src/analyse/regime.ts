// Market regime (crash .. rally) and direction from a 24h change, with thresholds from AnalysisOptions.
import type { MoveDirection, Regime } from './facts.ts';
import type { AnalysisOptions } from './options.ts';

const SEVERITY: Record<Regime, number> = { crash: -3, selloff: -2, dip: -1, flat: 0, rise: 1, rally: 2, unknown: 0 };

/** The regime of a 24h change in percent. */
export function classifyRegime(changePct: number | undefined, t: AnalysisOptions['regime']): Regime {
  if (changePct === undefined || !Number.isFinite(changePct)) return 'unknown';
  if (changePct <= t.crashPct) return 'crash';
  if (changePct <= t.selloffPct) return 'selloff';
  if (changePct <= -t.flatBandPct) return 'dip';
  if (changePct < t.flatBandPct) return 'flat';
  if (changePct < t.rallyPct) return 'rise';
  return 'rally';
}

/** Which way a regime points. */
export function directionOf(regime: Regime): MoveDirection {
  const s = SEVERITY[regime];
  return s < 0 ? 'down' : s > 0 ? 'up' : 'flat';
}

/**
 * The regime of the market from the basket's move and the focus coin's: the basket decides the direction,
 * and a focus coin that moved more severely the same way raises the severity (BTC -9% in a -2% basket is a crash).
 */
export function marketRegime(
  basketPct: number | undefined,
  focusPct: number | undefined,
  t: AnalysisOptions['regime'],
): Regime {
  const base = classifyRegime(basketPct, t);
  const focus = classifyRegime(focusPct, t);
  if (base === 'unknown') return focus;
  const sb = SEVERITY[base];
  const sf = SEVERITY[focus];
  if (sb !== 0 && Math.sign(sb) === Math.sign(sf) && Math.abs(sf) > Math.abs(sb)) return focus;
  return base;
}
