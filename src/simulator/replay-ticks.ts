// Prices of a replay for the backtest: per coin, the close of every candle of every file given (1m or 5m
// where such files cover, 1h everywhere the hourly files do), as ticks at each candle's close time (the price
// the market had then), named after the market and series they came from. Finer files let the rules see the
// moves inside an hour, its lows included. Pure.
import { intervalName, servingSymbol, type SeriesFile } from './kline-files.ts';
import type { PriceTick } from '../core/price-tick.ts';

const QUOTES = ['USDT', 'USDC', 'BUSD', 'USD'];

/** The base coin of a Binance symbol: BTCUSDT -> BTC, BTCUSD_PERP -> BTC. */
export function baseCoin(symbol: string): string {
  const contract = symbol.replace(/_(PERP|\d{6})$/, '');
  const quote = QUOTES.find((q) => contract.endsWith(q) && contract.length > q.length);
  return quote ? contract.slice(0, -quote.length) : contract;
}

/** Ticks from the kline files among `files` (other kinds are ignored); `market` names them ("Binance spot"). */
export function replayTicks(files: readonly SeriesFile[], market = 'Binance klines'): PriceTick[] {
  const klines = files.filter((f): f is Extract<SeriesFile, { kind: 'klines' }> => f.kind === 'klines');
  if (klines.length === 0) return [];
  // one close per coin and moment: the finest series' when two end at the same time
  const byMoment = new Map<string, PriceTick & { ms: number }>();
  for (const f of klines) {
    const coin = baseCoin(f.symbol);
    const source = `${market} ${servingSymbol(f.symbol)} ${intervalName(f.intervalMs) ?? ''} klines`.replace('  ', ' ');
    for (const c of f.candles) {
      const at = c.t + f.intervalMs;
      const key = `${coin}@${at.toString()}`;
      const had = byMoment.get(key);
      if (!had || f.intervalMs < had.ms) byMoment.set(key, { coin, price: c.c, at, source, ms: f.intervalMs });
    }
  }
  return [...byMoment.values()].map(({ ms: _ms, ...tick }) => tick).sort((a, b) => a.at - b.at);
}
