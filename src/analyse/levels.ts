// Support and resistance from prices the market traded at: swing-high/low clusters (hourly and daily), the last
// day's range, the prior day's and prior week's lows and highs, high-volume prices, and round numbers where they
// sit near such a level or inside the traded range. Each level gets a score, a 0..1 strength and a grade.
import type { Candle } from '../gather/types.ts';
import type { Level, LevelFacts, LevelKind } from './facts.ts';
import { fact } from './fact.ts';
import type { AnalysisOptions } from './options.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A price at which the market turned. */
export interface Pivot {
  price: number;
  t: number;
  kind: LevelKind;
  weight: number;
}

/** A level before it becomes a Fact. */
export interface LevelCandidate {
  price: number;
  score: number;
  kinds: LevelKind[];
  touches: number;
}

/** Swing lows and highs: a bar whose low (high) is the lowest (highest) of `bars` bars on each side. */
export function swingPivots(candles: Candle[], bars: number, kind: LevelKind, weight: number): Pivot[] {
  const out: Pivot[] = [];
  for (let i = bars; i < candles.length - bars; i++) {
    const c = candles[i]!;
    let isLow = true;
    let isHigh = true;
    for (let j = i - bars; j <= i + bars && (isLow || isHigh); j++) {
      if (j === i) continue;
      const o = candles[j]!;
      // Ties count for the earlier bar only, so a flat bottom makes one pivot.
      if (o.l < c.l || (o.l === c.l && j < i)) isLow = false;
      if (o.h > c.h || (o.h === c.h && j < i)) isHigh = false;
    }
    if (isLow) out.push({ price: c.l, t: c.t, kind, weight });
    if (isHigh) out.push({ price: c.h, t: c.t, kind, weight });
  }
  return out;
}

/**
 * High-volume prices: the two price bins (of width `bin`) where the most volume traded, each at the volume-weighted
 * typical price of its candles (a price the market traded at). None when any candle's volume is zero or missing.
 */
export function volumeNodes(candles: readonly Candle[], bin: number): Pivot[] {
  if (candles.length < 24 || !(bin > 0) || candles.some((c) => !(c.v > 0))) return [];
  const bins = new Map<number, { v: number; pv: number; t: number }>();
  for (const c of candles) {
    const typical = (c.h + c.l + c.c) / 3;
    const k = Math.floor(typical / bin);
    const b = bins.get(k) ?? { v: 0, pv: 0, t: c.t };
    b.v += c.v;
    b.pv += typical * c.v;
    b.t = Math.max(b.t, c.t);
    bins.set(k, b);
  }
  const all = [...bins.values()];
  const avg = all.reduce((s, b) => s + b.v, 0) / all.length;
  return all
    .filter((b) => b.v >= 1.5 * avg)
    .sort((a, b) => b.v - a.v)
    .slice(0, 2)
    .map((b) => ({ price: b.pv / b.v, t: b.t, kind: 'volume' as const, weight: 1 }));
}

/** Round-number steps for a price: major (about a tenth of the price: 5,000 at 76,000) and minor (a fifth of it). */
export function roundSteps(price: number): { major: number; minor: number } {
  const target = price * 0.1;
  const e = Math.floor(Math.log10(target));
  const base = 10 ** e;
  let major = base;
  for (const m of [1, 2.5, 5]) if (m * base <= target) major = m * base;
  return { major, minor: major / 5 };
}

/** Round to a multiple of `step`, avoiding binary noise (0.1 * 3). */
function toStep(x: number, step: number): number {
  const n = Math.round(x / step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number((n * step).toFixed(Math.min(decimals, 20)));
}

/** Everything level detection reads. */
export interface LevelInputs {
  price: number;
  hourly: Candle[];
  daily: Candle[];
  now: number;
  opts: AnalysisOptions['levels'];
  /** Only pivots that formed before this time (to find the levels that stood before a move). */
  before?: number | undefined;
}

/** All candidate levels within range of the price, with scores, sorted by price. */
export function levelCandidates(inp: LevelInputs): LevelCandidate[] {
  const { price, opts } = inp;
  if (!(price > 0) || !Number.isFinite(price)) return [];
  const before = inp.before ?? Infinity;
  const pivots: Pivot[] = [
    ...swingPivots(inp.hourly, opts.hourlySwingBars, 'swing', 1),
    ...swingPivots(
      inp.daily.filter((c) => c.t >= inp.now - opts.dailyLookbackDays * DAY),
      opts.dailySwingBars,
      'daily-swing',
      2,
    ),
  ].filter((p) => p.t < before);
  pivots.push(
    ...volumeNodes(
      inp.hourly.filter((c) => c.t < before),
      roundSteps(price).minor / 2,
    ),
  );
  // The prior UTC day's and prior week's low and high (closed daily candles).
  const closedDays = inp.daily.filter((c) => c.t + DAY <= Math.min(inp.now, before));
  const prevDay = closedDays[closedDays.length - 1];
  if (prevDay)
    pivots.push(
      { price: prevDay.l, t: prevDay.t, kind: 'prior-day', weight: 1 },
      { price: prevDay.h, t: prevDay.t, kind: 'prior-day', weight: 1 },
    );
  const week = closedDays.slice(-7);
  if (week.length >= 2) {
    const wl = week.reduce((a, c) => (c.l < a.l ? c : a));
    const wh = week.reduce((a, c) => (c.h > a.h ? c : a));
    pivots.push(
      { price: wl.l, t: wl.t, kind: 'prior-week', weight: 1 },
      { price: wh.h, t: wh.t, kind: 'prior-week', weight: 1 },
    );
  }
  if (inp.before === undefined) {
    const lastDay = inp.hourly.filter((c) => c.t >= inp.now - DAY);
    if (lastDay.length > 0) {
      const low = lastDay.reduce((a, c) => (c.l < a.l ? c : a));
      const high = lastDay.reduce((a, c) => (c.h > a.h ? c : a));
      pivots.push(
        { price: low.l, t: low.t, kind: 'session', weight: 1.5 },
        { price: high.h, t: high.t, kind: 'session', weight: 1.5 },
      );
    }
  }
  const maxDist = opts.maxDistancePct / 100;
  const tol = opts.clusterPct / 100;
  const inRange = pivots.filter((p) => Math.abs(p.price - price) / price <= maxDist).sort((a, b) => a.price - b.price);

  // Greedy clustering by price.
  const clusters: Pivot[][] = [];
  for (const p of inRange) {
    const cur = clusters[clusters.length - 1];
    if (cur) {
      const m = cur.reduce((s, x) => s + x.price, 0) / cur.length;
      if (Math.abs(p.price - m) / m <= tol) {
        cur.push(p);
        continue;
      }
    }
    clusters.push([p]);
  }

  const { major, minor } = roundSteps(price);
  const byPrice = new Map<number, LevelCandidate>();
  const add = (c: LevelCandidate) => {
    const prev = byPrice.get(c.price);
    if (prev) {
      prev.score += c.score;
      prev.touches += c.touches;
      for (const k of c.kinds) if (!prev.kinds.includes(k)) prev.kinds.push(k);
    } else byPrice.set(c.price, { ...c, kinds: [...c.kinds] });
  };
  for (const cl of clusters) {
    const sorted = cl.map((p) => p.price).sort((a, b) => a - b);
    const rep = sorted[Math.floor(sorted.length / 2)]!;
    let score = cl.reduce((s, p) => s + p.weight, 0);
    const kinds = [...new Set(cl.map((p) => p.kind))];
    const maj = toStep(rep, major);
    const min = toStep(rep, minor);
    let level: number;
    if (Math.abs(maj - rep) / rep <= tol) {
      level = maj;
      score += 1.5;
      kinds.push('round');
    } else if (Math.abs(min - rep) / rep <= tol / 2) {
      level = min;
      score += 0.5;
      kinds.push('round');
    } else {
      level = toStep(rep, minor / 10);
    }
    add({ price: level, score, kinds, touches: cl.length });
  }
  // Major round numbers stand on their own (people place orders there), but only inside the range the market
  // actually traded in the data: never a "support" below anything traded.
  const traded = [...inp.hourly, ...inp.daily].filter((c) => c.t < before);
  if (traded.length === 0) return [...byPrice.values()].sort((a, b) => a.price - b.price);
  const lo = Math.max(price * (1 - maxDist), Math.min(...traded.map((c) => c.l)));
  const hi = Math.min(price * (1 + maxDist), Math.max(...traded.map((c) => c.h)));
  for (let r = Math.ceil(lo / major) * major; r <= hi; r += major) {
    const level = toStep(r, major);
    if (level <= 0) continue;
    const covered = [...byPrice.keys()].some((p) => Math.abs(p - level) / level <= tol);
    if (covered) continue;
    // Inside the traded range is not enough across a gap in the data: some candle must have traded near it.
    if (!traded.some((c) => level >= c.l * (1 - tol) && level <= c.h * (1 + tol))) continue;
    add({ price: level, score: 1.5, kinds: ['round'], touches: 0 });
  }
  return [...byPrice.values()].sort((a, b) => a.price - b.price);
}

/** Strength 0..1 from a raw score (diminishing returns). */
export function strengthOf(score: number): number {
  return 1 - Math.exp(-score / 3);
}

/** Strong / moderate / weak. */
export function gradeOf(strength: number): Level['grade'] {
  return strength >= 0.65 ? 'strong' : strength >= 0.45 ? 'moderate' : 'weak';
}

/** Turn a candidate into a Level fact. */
function toLevel(c: LevelCandidate, id: string, label: string, source: string, asOf: number): Level | undefined {
  const price = fact(id, label, c.price, 'price', source, asOf);
  if (!price) return undefined;
  const strength = strengthOf(c.score);
  return { price, strength, grade: gradeOf(strength), kinds: c.kinds, touches: c.touches };
}

/** Where the candles came from and how fresh they are, for the level facts. */
export interface LevelProvenance {
  coin: string;
  source: string;
  asOf: number;
}

/**
 * Supports below the price (nearest first, up to maxSupports), the nearest resistance above, and the strongest
 * level crossed between `startPrice` (24h ago) and the price.
 */
export function findLevels(inp: LevelInputs, startPrice: number | undefined, prov: LevelProvenance): LevelFacts {
  const { price, opts } = inp;
  const gap = opts.minGapPct / 100;
  const cands = levelCandidates(inp).filter((c) => c.score >= opts.minScore);
  const supports = cands
    .filter((c) => c.price < price * (1 - gap))
    .sort((a, b) => b.price - a.price)
    .slice(0, opts.maxSupports)
    .map((c, i) => toLevel(c, `${prov.coin}.support.${i + 1}`, `${prov.coin} support ${i + 1}`, prov.source, prov.asOf))
    .filter((l): l is Level => l !== undefined);
  const above = cands.filter((c) => c.price > price * (1 + gap)).sort((a, b) => a.price - b.price)[0];
  const resistance = above
    ? toLevel(above, `${prov.coin}.resistance`, `${prov.coin} resistance`, prov.source, prov.asOf)
    : undefined;

  let broken: Level | undefined;
  if (
    startPrice !== undefined &&
    startPrice > 0 &&
    Number.isFinite(startPrice) &&
    Math.abs(startPrice - price) / price > gap
  ) {
    const lo = Math.min(price, startPrice);
    const hi = Math.max(price, startPrice);
    const earlier = levelCandidates({ ...inp, before: inp.now - DAY }).filter(
      (c) => c.score >= opts.minScore && c.price > lo * (1 + gap) && c.price < hi * (1 - gap),
    );
    const best = earlier.sort((a, b) => b.score - a.score || Math.abs(a.price - price) - Math.abs(b.price - price))[0];
    if (best) broken = toLevel(best, `${prov.coin}.brokenLevel`, `${prov.coin} level crossed`, prov.source, prov.asOf);
  }
  return { supports, resistance, broken };
}
