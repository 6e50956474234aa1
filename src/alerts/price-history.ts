// The recent prices a drop rule looks back over: per coin, time-ordered points (thinned to a resolution and
// trimmed to what the longest window needs), plus the exchange's own 24h open when a ticker carries it.
// Pure data structure: it never reads a clock; every time comes with the data.
import type { PriceTick } from '../core/price-tick.ts';

/** A price at a time, with its source. */
export interface PricePoint {
  price: number;
  at: number;
  source: string;
}

/** What rules read: the latest price of a coin, and the price one window before a time. */
export interface PriceView {
  latest(coin: string): PricePoint | undefined;
  /** The price at `at - windowMs` (the last point at or before it, not much older), or undefined. */
  reference(coin: string, windowMs: number, at: number): PricePoint | undefined;
}

/** Settings of a PriceHistory. */
export interface PriceHistoryOptions {
  /** Keep points this far behind the newest one, ms (the longest window plus a margin). */
  keepMs: number;
  /** Keep at most one point per coin per this many ms (the newest in each slot), default 10 s. */
  resolutionMs?: number;
}

const DAY_MS = 86_400_000;

/** Recent prices per coin. */
export class PriceHistory implements PriceView {
  private readonly points = new Map<string, PricePoint[]>();
  private readonly open24 = new Map<string, PricePoint>();
  private readonly resolutionMs: number;

  constructor(private readonly options: PriceHistoryOptions) {
    this.resolutionMs = options.resolutionMs ?? 10_000;
  }

  /** Add a tick. Ticks older than the newest point of their coin are placed in order; invalid prices are ignored. */
  record(tick: PriceTick): void {
    if (!(tick.price > 0) || !Number.isFinite(tick.price) || !Number.isFinite(tick.at)) return;
    const list = this.points.get(tick.coin) ?? [];
    this.points.set(tick.coin, list);
    const point: PricePoint = { price: tick.price, at: tick.at, source: tick.source };
    const last = list[list.length - 1];
    if (last === undefined || tick.at > last.at) {
      // thin: one point per slot per coin, the newest
      if (last !== undefined && Math.floor(last.at / this.resolutionMs) === Math.floor(tick.at / this.resolutionMs))
        list[list.length - 1] = point;
      else list.push(point);
    } else if (tick.at < last.at) {
      let i = list.length - 1;
      while (i > 0 && list[i - 1]!.at > tick.at) i -= 1;
      if (list[i - 1]?.at !== tick.at) list.splice(i, 0, point);
    } else {
      list[list.length - 1] = point;
    }
    if (tick.open24h !== undefined && tick.open24h > 0 && Number.isFinite(tick.open24h)) {
      const newest = list[list.length - 1]!;
      if (newest.at === tick.at)
        this.open24.set(tick.coin, { price: tick.open24h, at: tick.at - DAY_MS, source: tick.source });
    }
    const cutoff = list[list.length - 1]!.at - this.options.keepMs;
    let drop = 0;
    while (drop < list.length - 1 && list[drop + 1]!.at <= cutoff) drop += 1;
    if (drop > 0) list.splice(0, drop);
  }

  /** Coins with at least one point. */
  coins(): string[] {
    return [...this.points.keys()].filter((c) => (this.points.get(c)?.length ?? 0) > 0);
  }

  latest(coin: string): PricePoint | undefined {
    const list = this.points.get(coin);
    return list?.[list.length - 1];
  }

  reference(coin: string, windowMs: number, at: number): PricePoint | undefined {
    const target = at - windowMs;
    // the exchange's own 24h open is the best 24h reference when it is current
    const open = this.open24.get(coin);
    if (windowMs === DAY_MS && open !== undefined && Math.abs(open.at - target) <= Math.max(60_000, windowMs / 48))
      return open;
    const list = this.points.get(coin);
    if (list === undefined || list.length === 0) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    if (list[0]!.at > target) return undefined;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (list[mid]!.at <= target) lo = mid;
      else hi = mid - 1;
    }
    const found = list[lo]!;
    // a point much older than the window's start would measure a longer move than the rule names
    return target - found.at <= Math.max(windowMs / 2, this.resolutionMs * 2) ? found : undefined;
  }
}
