// The simulator's view of the market: candle, open interest and funding series per symbol, answered
// as of a given moment. Nothing after that moment is ever returned (a replay must not see the future).
// Several intervals of one symbol may be given (1h for a month, 1m for a day): every answer uses the finest
// candles that cover each stretch of time. Higher timeframes are built from the series that divide them;
// a built candle that closed is kept only when its source candles cover it completely (no invented candle),
// and the candle still open at `now` only when its source candles run without a gap from its start.
import type { Candle, OpenInterestPoint } from '../gather/types.ts';
import { ReplayFileError } from '../gather/replay-file-error.ts';
import { servingSymbol, type SeriesFile } from './kline-files.ts';

/** A funding rate observation. */
export interface FundingPoint {
  t: number;
  rate: number;
  intervalHours?: number | undefined;
}

/** A candle with the length of the series it came from. */
export interface SizedCandle extends Candle {
  intervalMs: number;
}

/** A price at a moment: the close of the newest candle closed by then, from the finest series that has it. */
export interface PriceAt {
  price: number;
  /** Close time of that candle, epoch ms. */
  at: number;
  intervalMs: number;
}

interface SymbolSeries {
  candles: Map<number, Candle[]>; // by interval ms, sorted by t
  openInterest: OpenInterestPoint[];
  funding: FundingPoint[];
}

/** The last index in sorted `candles` whose open time is <= t, or -1. */
function lastAtOrBefore(candles: readonly Candle[], t: number): number {
  let lo = 0;
  let hi = candles.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (candles[mid]!.t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Series for every symbol the simulator lists, and queries over them "as of" a time. */
export class MarketData {
  private readonly symbols = new Map<string, SymbolSeries>();

  /** Build from files read by readSeriesFile; several files of one series are merged (COIN-M symbols are served as BASEUSDT). */
  static fromFiles(files: SeriesFile[]): MarketData {
    const data = new MarketData();
    for (const f of files) {
      const symbol = servingSymbol(f.symbol);
      if (f.kind === 'klines') data.addCandles(symbol, f.intervalMs, f.candles);
      else if (f.kind === 'openInterest') data.addOpenInterest(symbol, f.points);
      else data.addFunding(symbol, f.points);
    }
    if (data.listedSymbols().length === 0)
      throw new ReplayFileError('A replay needs at least one kline file (e.g. BTCUSDT-1h-2024-08.csv).');
    return data;
  }

  private series(symbol: string): SymbolSeries {
    let s = this.symbols.get(symbol);
    if (!s) {
      s = { candles: new Map(), openInterest: [], funding: [] };
      this.symbols.set(symbol, s);
    }
    return s;
  }

  /** Add candles of one interval (merged with any already there, deduplicated by open time). */
  addCandles(symbol: string, intervalMs: number, candles: Candle[]): void {
    const s = this.series(symbol);
    const byTime = new Map((s.candles.get(intervalMs) ?? []).map((c) => [c.t, c]));
    for (const c of candles) byTime.set(c.t, c);
    s.candles.set(
      intervalMs,
      [...byTime.values()].sort((a, b) => a.t - b.t),
    );
  }

  /** Add open interest observations. */
  addOpenInterest(symbol: string, points: OpenInterestPoint[]): void {
    const s = this.series(symbol);
    s.openInterest = [...s.openInterest, ...points].sort((a, b) => a.t - b.t);
  }

  /** Add funding observations. */
  addFunding(symbol: string, points: FundingPoint[]): void {
    const s = this.series(symbol);
    s.funding = [...s.funding, ...points].sort((a, b) => a.t - b.t);
  }

  /** Symbols that have candles (what exchangeInfo lists). */
  listedSymbols(): string[] {
    return [...this.symbols.entries()].filter(([, s]) => s.candles.size > 0).map(([k]) => k);
  }

  /** Kline intervals held for a symbol (or for all symbols), finest first. */
  intervals(symbol?: string): number[] {
    const all =
      symbol === undefined ? [...this.symbols.values()] : [this.symbols.get(symbol)].filter((s) => s !== undefined);
    return [
      ...new Set(all.flatMap((s) => [...s.candles.entries()].filter(([, c]) => c.length > 0).map(([ms]) => ms))),
    ].sort((a, b) => a - b);
  }

  /** The first open time, the earliest close (the first moment with a price) and the last close time of any candle. */
  span(): { first: number; firstClose: number; lastClose: number } {
    let first = Infinity;
    let firstClose = Infinity;
    let lastClose = -Infinity;
    for (const s of this.symbols.values()) {
      for (const [ms, candles] of s.candles) {
        if (candles.length === 0) continue;
        first = Math.min(first, candles[0]!.t);
        firstClose = Math.min(firstClose, candles[0]!.t + ms);
        lastClose = Math.max(lastClose, candles[candles.length - 1]!.t + ms);
      }
    }
    return { first, firstClose, lastClose };
  }

  /** The price as of `now`: the newest close at or before it, from the finest series on a tie. */
  priceAt(symbol: string, now: number): PriceAt | undefined {
    const s = this.symbols.get(symbol);
    if (!s) return undefined;
    let best: PriceAt | undefined;
    for (const [ms, candles] of [...s.candles.entries()].sort((a, b) => a[0] - b[0])) {
      const i = lastAtOrBefore(candles, now - ms);
      if (i < 0) continue;
      const c = candles[i]!;
      if (!best || c.t + ms > best.at) best = { price: c.c, at: c.t + ms, intervalMs: ms };
    }
    return best;
  }

  /**
   * Closed candles that lie wholly inside [from, to], the finest that cover each stretch of time and never two
   * over the same time: the 1m candles of an hour when they fill that hour (or where no hourly candle exists),
   * the hourly candle where the finer ones cover only part of it (its high and low span the whole hour).
   * Sorted by time. `keepCoarse` keeps every coarser candle and uses finer ones only where none exists (for
   * building candles, where a whole hour's own candle is as good as its minutes and cheaper).
   */
  bestCandles(
    symbol: string,
    from: number,
    to: number,
    intervals?: readonly number[],
    keepCoarse = false,
  ): SizedCandle[] {
    const s = this.symbols.get(symbol);
    if (!s) return [];
    const use = intervals ?? [...s.candles.keys()];
    let chosen: SizedCandle[] = [];
    let first = true;
    for (const ms of use.filter((m) => s.candles.has(m)).sort((a, b) => b - a)) {
      const candles = s.candles.get(ms)!;
      const sized = (c: Candle): SizedCandle => ({ ...c, intervalMs: ms });
      let i = Math.max(0, lastAtOrBefore(candles, from - 1) + 1);
      const next: SizedCandle[] = [];
      // walk the finer candles and the chosen coarser ones together, both sorted by time
      for (const host of chosen) {
        const end = host.t + host.intervalMs;
        for (; i < candles.length && candles[i]!.t < host.t; i++) {
          if (candles[i]!.t + ms <= host.t) next.push(sized(candles[i]!)); // a stretch the coarser series lacks
        }
        if (keepCoarse) {
          next.push(host);
          i = Math.max(i, lastAtOrBefore(candles, end - 1) + 1);
          continue;
        }
        const inside: Candle[] = [];
        for (; i < candles.length && candles[i]!.t < end; i++) if (candles[i]!.t + ms <= end) inside.push(candles[i]!);
        if (inside.length * ms === host.intervalMs) for (const c of inside) next.push(sized(c));
        else next.push(host);
      }
      for (; i < candles.length && candles[i]!.t + ms <= to; i++) next.push(sized(candles[i]!));
      if (first || next.length > 0) chosen = next;
      first = false;
    }
    return chosen;
  }

  /**
   * Candles of `intervalMs` for a symbol as of `now`, as an exchange returns them: closed candles, then the
   * candle in progress when the data inside it runs from its start. They are built from the series that divide
   * the interval (its own included), the finest that cover each stretch (see bestCandles): a native series is
   * used as given, finer files fill its gaps and continue it past its end. `from` skips the candles before it.
   */
  candles(symbol: string, intervalMs: number, now: number, from = -Infinity): Candle[] {
    const s = this.symbols.get(symbol);
    if (!s) return [];
    const sources = [...s.candles.keys()].filter((ms) => ms <= intervalMs && intervalMs % ms === 0);
    const start = Math.floor(from / intervalMs) * intervalMs; // the bucket holding `from`, whole
    return aggregate(this.bestCandles(symbol, start, now, sources, true), intervalMs, now);
  }

  /** Open interest observations up to `now`. */
  openInterest(symbol: string, now: number): OpenInterestPoint[] {
    return (this.symbols.get(symbol)?.openInterest ?? []).filter((p) => p.t <= now);
  }

  /** Funding observations up to `now`, oldest first. */
  fundingHistory(symbol: string, now: number): FundingPoint[] {
    return (this.symbols.get(symbol)?.funding ?? []).filter((p) => p.t <= now);
  }

  /** The latest funding observation at or before `now`. */
  fundingAt(symbol: string, now: number): FundingPoint | undefined {
    const points = (this.symbols.get(symbol)?.funding ?? []).filter((p) => p.t <= now);
    return points[points.length - 1];
  }
}

/**
 * Merge time-ordered, non-overlapping pieces into candles of `intervalMs` aligned to epoch multiples (UTC days
 * for 1d). A bucket that closed by `now` is kept only when its pieces fill it; the open one only when its
 * pieces run from its start without a gap.
 */
function aggregate(pieces: readonly SizedCandle[], intervalMs: number, now: number): Candle[] {
  const out: Candle[] = [];
  let bucket: { c: Candle; covered: number; contiguousTo: number } | undefined;
  const flush = () => {
    if (!bucket) return;
    const closes = bucket.c.t + intervalMs;
    const full = bucket.covered === intervalMs;
    const open = closes > now && bucket.contiguousTo === bucket.c.t + bucket.covered;
    if (full || open) out.push(bucket.c);
  };
  for (const p of pieces) {
    const t = Math.floor(p.t / intervalMs) * intervalMs;
    if (bucket && bucket.c.t === t) {
      const c = bucket.c;
      c.h = Math.max(c.h, p.h);
      c.l = Math.min(c.l, p.l);
      c.c = p.c;
      c.v += p.v;
      bucket.covered += p.intervalMs;
      if (bucket.contiguousTo === p.t) bucket.contiguousTo = p.t + p.intervalMs;
      continue;
    }
    flush();
    bucket = {
      c: { t, o: p.o, h: p.h, l: p.l, c: p.c, v: p.v },
      covered: p.intervalMs,
      contiguousTo: p.t === t ? p.t + p.intervalMs : t,
    };
  }
  flush();
  return out;
}
