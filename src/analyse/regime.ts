// Market regime (crash .. rally) and direction, with thresholds from AnalysisOptions. The one place where the
// thresholds are read. Two measures decide it:
// - the close-to-close change over 24 hours (basket, raised by the focus coin when it moved more the same way):
//   crash at or below crashPct (-8%), sell-off at or below selloffPct (-3%), dip below -flatBandPct (-1%), flat
//   within +-flatBandPct, rise up to rallyPct (5%), rally from there;
// - the swing inside the day (the deepest fall from a high to a later low, or the largest rise from a low to a
//   later high, from the one price path) counts at intradayWeight (half) its size. When that weighted size alone
//   is a sell-off (rally), and the swing is at least intradayRatio (2) times the close-to-close change, it is the
//   day's story: a plunge (spike) that leads the headline and the lede. It deepens a regime already pointing the
//   same way (a 17% plunge that closed 6.7% down is a crash), but never gives a flat day a direction, nor turns a
//   rising day into a falling one: the direction words always follow the close-to-close change.
import type { DayRangeFacts, IntradayFacts, MoveDirection, Regime } from './facts.ts';
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

/** The intraday story of a day: a plunge (spike) far larger than the close-to-close change, or undefined. */
export function intradayFacts(
  day: DayRangeFacts | undefined,
  changePct: number | undefined,
  t: AnalysisOptions['regime'],
): IntradayFacts | undefined {
  if (!day || changePct === undefined || !Number.isFinite(changePct)) return undefined;
  const fall = day.maxFall;
  const rise = day.maxRise;
  const big = (v: number) => Math.abs(v) >= t.intradayRatio * Math.abs(changePct);
  const w = t.intradayWeight;
  const fallSize = fall && fall.pct.value * w <= t.selloffPct && big(fall.pct.value) ? -fall.pct.value : 0;
  const riseSize = rise && rise.pct.value * w >= t.rallyPct && big(rise.pct.value) ? rise.pct.value : 0;
  const plunge = fallSize > 0 && changePct <= t.flatBandPct;
  const spike = riseSize > 0 && changePct >= -t.flatBandPct;
  // Both (a V, or an inverted V on a flat day): the swing that came first is the story, the other its recovery.
  if (plunge && (!spike || fall!.fromAt.value <= rise!.fromAt.value)) return { kind: 'plunge', swing: fall! };
  if (spike) return { kind: 'spike', swing: rise! };
  return undefined;
}

/** The regime from both measures: the close-to-close one, deepened by an intraday swing counted at its weight. */
export function dayRegime(base: Regime, intraday: IntradayFacts | undefined, t: AnalysisOptions['regime']): Regime {
  if (!intraday || base === 'unknown') return base;
  const weighted = classifyRegime(intraday.swing.pct.value * t.intradayWeight, t);
  const sb = SEVERITY[base];
  const sw = SEVERITY[weighted];
  if (sw === 0 || sb === 0 || Math.sign(sb) !== Math.sign(sw)) return base;
  return Math.abs(sw) > Math.abs(sb) ? weighted : base;
}
