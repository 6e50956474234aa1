// The simulator's view of the market: candle, open interest and funding series per symbol, answered
// as of a given moment. Nothing after that moment is ever returned (a replay must not see the future).
// Higher timeframes are aggregated from the finest series that divides them.
import type { Candle, OpenInterestPoint } from '../gather/types.ts';
import { mergeCandles } from '../gather/merge-candles.ts';
import { ReplayFileError, type SeriesFile } from './kline-files.ts';

/** A funding rate observation. */
export interface FundingPoint {
  t: number;
  rate: number;
  intervalHours?: number | undefined;
}

interface SymbolSeries {
  candles: Map<number, Candle[]>; // by interval ms, sorted by t
  openInterest: OpenInterestPoint[];
  funding: FundingPoint[];
}

/** Series for every symbol the simulator lists, and queries over them "as of" a time. */
export class MarketData {
  private readonly symbols = new Map<string, SymbolSeries>();

  /** Build from files read by readSeriesFile; several files of one series are merged. */
  static fromFiles(files: SeriesFile[]): MarketData {
    const data = new MarketData();
    for (const f of files) {
      if (f.kind === 'klines') data.addCandles(f.symbol, f.intervalMs, f.candles);
      else if (f.kind === 'openInterest') data.addOpenInterest(f.symbol, f.points);
      else data.addFunding(f.symbol, f.points);
    }
    if (data.listedSymbols().length === 0) throw new ReplayFileError('A replay needs at least one kline file (e.g. BTCUSDT-1h-2024-08.csv).');
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
    s.candles.set(intervalMs, [...byTime.values()].sort((a, b) => a.t - b.t));
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

  /** The first open time and the last close time of the finest candle series of any symbol. */
  span(): { first: number; lastClose: number } {
    let first = Infinity;
    let lastClose = -Infinity;
    for (const s of this.symbols.values()) {
      for (const [ms, candles] of s.candles) {
        if (candles.length === 0) continue;
        first = Math.min(first, candles[0]!.t);
        lastClose = Math.max(lastClose, candles[candles.length - 1]!.t + ms);
      }
    }
    return { first, lastClose };
  }

  /**
   * Candles of `intervalMs` for a symbol as of `now`: closed source candles only, the last
   * aggregated candle possibly partial (as an exchange returns the candle in progress).
   */
  candles(symbol: string, intervalMs: number, now: number): Candle[] {
    const s = this.symbols.get(symbol);
    if (!s) return [];
    const native = s.candles.get(intervalMs);
    if (native) return native.filter((c) => c.t + intervalMs <= now);
    const sources = [...s.candles.keys()].filter((ms) => ms < intervalMs && intervalMs % ms === 0).sort((a, b) => b - a);
    const sourceMs = sources[0];
    if (sourceMs === undefined) return [];
    return mergeCandles(s.candles.get(sourceMs)!.filter((c) => c.t + sourceMs <= now), intervalMs);
  }

  /** The finest candle series as of `now` (for tickers and prices). */
  finestCandles(symbol: string, now: number): { intervalMs: number; candles: Candle[] } | undefined {
    const s = this.symbols.get(symbol);
    if (!s || s.candles.size === 0) return undefined;
    const ms = Math.min(...s.candles.keys());
    return { intervalMs: ms, candles: s.candles.get(ms)!.filter((c) => c.t + ms <= now) };
  }

  /** Open interest observations up to `now`. */
  openInterest(symbol: string, now: number): OpenInterestPoint[] {
    return (this.symbols.get(symbol)?.openInterest ?? []).filter((p) => p.t <= now);
  }

  /** The latest funding observation at or before `now`. */
  fundingAt(symbol: string, now: number): FundingPoint | undefined {
    const points = (this.symbols.get(symbol)?.funding ?? []).filter((p) => p.t <= now);
    return points[points.length - 1];
  }
}
