// Names of markets, built in one place each: an exchange's display name from its ccxt id, the market whybot
// reads there, and the unified ccxt symbol of a coin's linear perpetual.

const EXCHANGE_NAMES: Record<string, string> = {
  binance: 'Binance',
  binanceusdm: 'Binance USD-M',
  binancecoinm: 'Binance COIN-M',
  bybit: 'Bybit',
  okx: 'OKX',
  bitget: 'Bitget',
  gate: 'Gate',
  kucoinfutures: 'KuCoin Futures',
  deribit: 'Deribit',
  hyperliquid: 'Hyperliquid',
  dydx: 'dYdX',
  htx: 'HTX',
  bitmex: 'BitMEX',
};

/** A readable exchange name for articles and replies ("Binance USD-M") from a ccxt id; the id itself when unknown. */
export function exchangeName(id: string): string {
  return EXCHANGE_NAMES[id] ?? id;
}

/** What whybot reads on each exchange: its USDT-settled linear perpetuals (BTC/USDT:USDT). */
const MARKET_NAMES: Record<string, string> = {
  binanceusdm: 'Binance USD-M',
  binance: 'Binance USD-M',
  bybit: 'Bybit perpetuals',
  okx: 'OKX perpetuals',
};

/**
 * The exchange and market a live snapshot reads, for articles and source lines: whybot reads linear
 * perpetuals, so "Binance USD-M", "Bybit perpetuals"; an exchange not listed is "<name> perpetuals".
 */
export function marketName(id: string): string {
  return MARKET_NAMES[id] ?? `${exchangeName(id)} perpetuals`;
}

/** The unified ccxt symbol of `coin`'s linear perpetual on `quote`, e.g. BTC/USDT:USDT. */
export function perpetualSymbol(coin: string, quote = 'USDT'): string {
  return `${coin}/${quote}:${quote}`;
}

/**
 * The symbol of the perpetual whybot reads for `coin` on `venue` (a ccxt id): the USDC-settled one on Hyperliquid
 * and dYdX (BTC/USDC:USDC), the inverse one on Deribit (BTC/USD:BTC, open interest in USD), else the linear one on
 * `quote`.
 */
export function venuePerpetualSymbol(venue: string, coin: string, quote = 'USDT'): string {
  if (venue === 'hyperliquid' || venue === 'dydx') return perpetualSymbol(coin, 'USDC');
  if (venue === 'deribit') return `${coin}/USD:${coin}`;
  return perpetualSymbol(coin, quote);
}
