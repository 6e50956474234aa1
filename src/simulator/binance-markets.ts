// Builds the Binance USD-M `/fapi/v1/exchangeInfo` answer for a list of perpetual symbols,
// shaped as Binance sends it, so the real ccxt `loadMarkets` parses it. Used by every fake Binance endpoint.

/** One perpetual listing in Binance's exchangeInfo shape. */
export function binancePerpetualListing(base: string, quote = 'USDT') {
  return {
    symbol: `${base}${quote}`,
    pair: `${base}${quote}`,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    baseAsset: base,
    quoteAsset: quote,
    marginAsset: quote,
    pricePrecision: 2,
    quantityPrecision: 3,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '10000000', tickSize: '0.01' },
      { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000000', stepSize: '0.001' },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.001', maxQty: '1000000', stepSize: '0.001' },
      { filterType: 'MIN_NOTIONAL', notional: '5' },
    ],
    orderTypes: ['LIMIT', 'MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
  };
}

/** The whole exchangeInfo body for the given base coins (e.g. ["BTC","ETH"]). */
export function binanceExchangeInfo(bases: string[], serverTime: number, quote = 'USDT') {
  return {
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: [],
    exchangeFilters: [],
    assets: [{ asset: quote, marginAvailable: true, autoAssetExchange: '-10000' }],
    symbols: bases.map((b) => binancePerpetualListing(b, quote)),
  };
}
