// Prices of a replay for the backtest: each kline file's candle closes, as ticks at the candle's close time
// (the price the market had then), named after the file they came from. Pure.
import { basename } from 'node:path';
import { intervalName, type SeriesFile } from './kline-files.ts';
import type { PriceTick } from '../core/price-tick.ts';

const QUOTES = ['USDT', 'USDC', 'BUSD', 'USD'];

/** The base coin of a Binance symbol: BTCUSDT -> BTC. */
export function baseCoin(symbol: string): string {
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length);
  return quote ? symbol.slice(0, -quote.length) : symbol;
}

/** Ticks from the kline files among `files` (the finest series per coin; other kinds are ignored). */
export function replayTicks(files: readonly SeriesFile[]): PriceTick[] {
  const klines = files.filter((f): f is Extract<SeriesFile, { kind: 'klines' }> => f.kind === 'klines');
  const finest = new Map<string, number>();
  for (const f of klines) {
    const coin = baseCoin(f.symbol);
    finest.set(coin, Math.min(finest.get(coin) ?? Infinity, f.intervalMs));
  }
  const ticks: PriceTick[] = [];
  for (const f of klines) {
    const coin = baseCoin(f.symbol);
    if (finest.get(coin) !== f.intervalMs) continue;
    const source = `${f.symbol} ${intervalName(f.intervalMs) ?? ''} klines (replay of ${basename(f.file)})`.replace('  ', ' ');
    for (const c of f.candles) ticks.push({ coin, price: c.c, at: c.t + f.intervalMs, source });
  }
  return ticks.sort((a, b) => a.at - b.at);
}
