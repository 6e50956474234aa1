// Prices of a replay for the backtest: per coin, the closes of the finest candles given for each stretch of
// time (1m or 5m where such files cover, 1h elsewhere), as ticks at each candle's close time (the price the
// market had then), named after the market and series they came from. Finer files let the rules see the moves
// inside an hour, its lows included. Pure.
import type { SeriesFile } from '../simulator/kline-files.ts';
import { intervalName, servingSymbol } from '../simulator/kline-files.ts';
import { MarketData } from '../simulator/market-data.ts';
import type { PriceTick } from './price-history.ts';

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
  const data = new MarketData();
  const coinOf = new Map<string, string>();
  for (const f of klines) {
    const symbol = servingSymbol(f.symbol);
    data.addCandles(symbol, f.intervalMs, f.candles);
    coinOf.set(symbol, baseCoin(f.symbol));
  }
  const ticks: PriceTick[] = [];
  for (const [symbol, coin] of coinOf) {
    for (const c of data.bestCandles(symbol, -Infinity, Infinity)) {
      ticks.push({ coin, price: c.c, at: c.t + c.intervalMs, source: `${market} ${symbol} ${intervalName(c.intervalMs) ?? ''} klines`.replace('  ', ' ') });
    }
  }
  return ticks.sort((a, b) => a.at - b.at);
}
