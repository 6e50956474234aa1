// Open interest of the coins in scope: the level now, the 24h change and the change over the longest span
// available (up to about 30 days), in percent and USD, summed over coins that have the points to compare.
import type { OpenInterestPoint, Part } from '../gather/types.ts';
import type { OpenInterestFacts } from './facts.ts';
import { fact } from './fact.ts';
import { isFresh, isNum, isPositive, partValue } from './fresh.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Valid points (finite time, positive USD), oldest first, none after `now`. */
function cleanPoints(raw: unknown, now: number): OpenInterestPoint[] {
  if (!Array.isArray(raw)) return [];
  return (raw as OpenInterestPoint[])
    .filter((p) => p && isNum(p.t) && isPositive(p.usd) && p.t <= now)
    .sort((a, b) => a.t - b.t);
}

/** The point nearest to `target`, if one lies within `tolerance` ms. */
function nearest(points: OpenInterestPoint[], target: number, tolerance: number): OpenInterestPoint | undefined {
  let best: OpenInterestPoint | undefined;
  for (const p of points)
    if (Math.abs(p.t - target) <= tolerance && (!best || Math.abs(p.t - target) < Math.abs(best.t - target))) best = p;
  return best;
}

/** Inputs: the snapshot's open interest parts and the coins in scope. */
export interface OpenInterestInputs {
  coins: string[];
  parts: Record<string, Part<OpenInterestPoint[]>>;
  now: number;
  maxAgeMs: number;
  gaps: string[];
}

/** Open interest facts, or undefined when no coin has fresh open interest. */
export function openInterestFacts(inp: OpenInterestInputs): OpenInterestFacts | undefined {
  const series: Array<{ coin: string; points: OpenInterestPoint[]; last: OpenInterestPoint; source: string }> = [];
  for (const coin of inp.coins) {
    const got = partValue(inp.parts?.[coin], `${coin} open interest`, inp.gaps);
    if (!got) continue;
    const points = cleanPoints(got.value, inp.now);
    const last = points[points.length - 1];
    if (!last || !isFresh(last.t, inp.now, inp.maxAgeMs)) {
      inp.gaps.push(`${coin} open interest: ${last ? 'stale' : 'no valid points'}`);
      continue;
    }
    series.push({ coin, points, last, source: got.source });
  }
  if (series.length === 0) return undefined;
  const sources = [...new Set(series.map((s) => s.source))].join(' and ');
  const computed = `computed from ${sources}`;
  const asOf = Math.min(...series.map((s) => s.last.t));
  const coins = series.map((s) => s.coin);
  const totalNow = series.reduce((s, x) => s + x.last.usd, 0);
  const now = fact(
    'oi.now',
    `Open interest (${coins.join(', ')})`,
    totalNow,
    'usd',
    series.length > 1 ? computed : sources,
    asOf,
  );
  if (!now) return undefined;
  const out: OpenInterestFacts = { coins, now, fullMonth: false };

  // 24h change over the coins that have a point a day earlier (within five minutes: "over the day" means 24 hours).
  let cur = 0;
  let ref = 0;
  for (const s of series) {
    const p = nearest(s.points, s.last.t - DAY, 5 * 60_000);
    if (!p) continue;
    cur += s.last.usd;
    ref += p.usd;
  }
  if (ref > 0) {
    out.change24hPct = fact(
      'oi.change24h.pct',
      'Open interest 24h change',
      (cur / ref - 1) * 100,
      'pct',
      computed,
      asOf,
    );
    out.change24hUsd = fact('oi.change24h.usd', 'Open interest 24h change (USD)', cur - ref, 'usd', computed, asOf);
  }

  // The longest common span, capped at 30 days, when it is clearly longer than a day.
  const spans = series.map((s) => (s.last.t - s.points[0]!.t) / DAY);
  const span = Math.min(30, Math.floor(Math.min(...spans)));
  if (span >= 2) {
    let c = 0;
    let r = 0;
    for (const s of series) {
      const p = nearest(s.points, s.last.t - span * DAY, 5 * 60_000);
      if (!p) continue;
      c += s.last.usd;
      r += p.usd;
    }
    if (r > 0) {
      out.changeLongPct = fact(
        'oi.changeLong.pct',
        `Open interest ${span}-day change`,
        (c / r - 1) * 100,
        'pct',
        computed,
        asOf,
      );
      out.changeLongUsd = fact(
        'oi.changeLong.usd',
        `Open interest ${span}-day change (USD)`,
        c - r,
        'usd',
        computed,
        asOf,
      );
      out.longSpanDays = fact(
        'oi.changeLong.days',
        'Days of open interest history compared',
        span,
        'days',
        computed,
        asOf,
      );
      // "The past month" only over 30 days of points; otherwise the article names the days.
      out.fullMonth = span >= 30;
    }
    // The same span up to 24 hours ago, from that window's own points: whether the longer move began before today.
    let b = 0;
    let a = 0;
    for (const s of series) {
      const start = nearest(s.points, s.last.t - span * DAY, 5 * 60_000);
      const dayAgo = nearest(s.points, s.last.t - DAY, 5 * 60_000);
      if (!start || !dayAgo) continue;
      b += dayAgo.usd;
      a += start.usd;
    }
    if (a > 0)
      out.changeBeforeDayPct = fact(
        'oi.changeBeforeDay.pct',
        `Open interest change from ${span} days ago to 24 hours ago`,
        (b / a - 1) * 100,
        'pct',
        computed,
        asOf,
      );
  }
  return out;
}
