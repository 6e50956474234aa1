// The REST answers ccxt's loadMarkets needs from each liquidation exchange (Binance USD-M exchangeInfo,
// Bybit linear instruments-info, OKX SWAP instruments, Gate USDT futures contracts, dYdX's indexer perpetualMarkets, HTX's
// USDT swap contract info and currencies, BitMEX's active instruments), built
// for a list of coins and shaped as the
// exchanges send them, plus the exchange-side market ids and contract sizes the frames are written with.
import { binanceExchangeInfo } from '../binance-markets.ts';

/** The exchanges whose liquidation streams whybot collects. */
export const SIMULATED_EXCHANGES = ['binanceusdm', 'bybit', 'okx', 'gate', 'dydx', 'htx', 'bitmex'] as const;

/** One of SIMULATED_EXCHANGES. */
export type SimulatedExchange = (typeof SIMULATED_EXCHANGES)[number];

/** OKX contract values (coins per contract) of the USDT swaps, as OKX lists them; other coins use 1. */
export const OKX_CONTRACT_VALUES: Readonly<Record<string, number>> = {
  BTC: 0.01,
  ETH: 0.1,
  BNB: 0.01,
  SOL: 1,
  XRP: 100,
  DOGE: 1000,
};

/** Gate quanto multipliers (coins per contract) of the USDT perpetuals, as Gate lists them; other coins use 1. */
export const GATE_CONTRACT_VALUES: Readonly<Record<string, number>> = {
  BTC: 0.0001,
  ETH: 0.01,
  BNB: 0.01,
  SOL: 1,
  XRP: 10,
  DOGE: 10,
};

/** HTX contract sizes (coins per contract) of the USDT swaps, as HTX lists them; other coins use 1. */
export const HTX_CONTRACT_VALUES: Readonly<Record<string, number>> = {
  BTC: 0.001,
  ETH: 0.01,
  BNB: 0.01,
  SOL: 1,
  XRP: 10,
  DOGE: 100,
};

/** BitMEX's underlyingToPositionMultiplier (contracts per coin) of the linear USDT perpetuals; other coins use 1. */
export const BITMEX_POSITION_MULTIPLIERS: Readonly<Record<string, number>> = {
  BTC: 1_000_000,
  ETH: 100_000,
  BNB: 10_000,
  SOL: 10_000,
  XRP: 100,
  DOGE: 1,
};

/** Coins per contract of `coin`'s USDT perpetual on `exchange`. */
export function contractValue(exchange: SimulatedExchange, coin: string): number {
  if (exchange === 'bitmex') return 1 / (BITMEX_POSITION_MULTIPLIERS[coin] ?? 1);
  if (exchange === 'okx') return OKX_CONTRACT_VALUES[coin] ?? 1;
  if (exchange === 'htx') return HTX_CONTRACT_VALUES[coin] ?? 1;
  if (exchange === 'gate') return GATE_CONTRACT_VALUES[coin] ?? 1;
  return 1;
}

/** The exchange's own id of `coin`'s perpetual: BTCUSDT, BTCUSDT, BTC-USDT-SWAP, BTC_USDT, BTC-USD (dYdX, USDC-settled), BTC-USDT (HTX). */
export function marketId(exchange: SimulatedExchange, coin: string, quote = 'USDT'): string {
  // BitMEX names bitcoin XBT
  if (exchange === 'bitmex') return `${coin === 'BTC' ? 'XBT' : coin}${quote}`;
  if (exchange === 'dydx') return `${coin}-USD`;
  if (exchange === 'htx') return `${coin}-${quote}`;
  if (exchange === 'okx') return `${coin}-${quote}-SWAP`;
  if (exchange === 'gate') return `${coin}_${quote}`;
  return `${coin}${quote}`;
}

/** dYdX indexer `/v4/perpetualMarkets` body (the fields ccxt's loadMarkets reads; sizes are in coins). */
export function dydxMarkets(coins: readonly string[]) {
  return {
    markets: Object.fromEntries(
      coins.map((coin, i) => [
        marketId('dydx', coin),
        {
          clobPairId: String(i),
          ticker: marketId('dydx', coin),
          status: 'ACTIVE',
          oraclePrice: '1',
          priceChange24H: '0',
          volume24H: '0',
          trades24H: 0,
          nextFundingRate: '0',
          initialMarginFraction: '0.05',
          maintenanceMarginFraction: '0.03',
          openInterest: '0',
          atomicResolution: -9,
          quantumConversionExponent: -9,
          tickSize: '0.0001',
          stepSize: '0.001',
          stepBaseQuantums: 1_000_000,
          subticksPerTick: 100_000,
          marketType: 'CROSS',
          openInterestLowerCap: '0',
          openInterestUpperCap: '0',
          baseOpenInterest: '0',
          defaultFundingRate1H: '0',
        },
      ]),
    ),
  };
}

/** HTX `/linear-swap-api/v1/swap_contract_info` body (USDT-margined swaps; a swap has no delivery date). */
export function htxContracts(coins: readonly string[], quote = 'USDT') {
  return {
    status: 'ok',
    data: coins.map((coin) => ({
      symbol: coin,
      contract_code: marketId('htx', coin, quote),
      contract_size: contractValue('htx', coin),
      price_tick: 0.1,
      settlement_date: '1796601600000',
      create_date: '20201021',
      delivery_time: '',
      contract_status: 1,
      support_margin_mode: 'all',
      business_type: 'swap',
      pair: `${coin}-${quote}`,
      contract_type: 'swap',
      trade_partition: quote,
    })),
    ts: 1796594013618,
  };
}

/** HTX `/v2/reference/currencies` body (ccxt loads currencies before markets). */
export function htxCurrencies(coins: readonly string[], quote = 'USDT') {
  return {
    code: 200,
    data: [...coins, quote].map((c) => ({ currency: c.toLowerCase(), assetType: 1, chains: [], instStatus: 'normal' })),
  };
}

/** Gate `/api/v4/spot/currencies` body (ccxt loads currencies before markets). */
export function gateCurrencies(coins: readonly string[], quote = 'USDT') {
  return [...coins, quote].map((currency) => ({
    currency,
    name: currency,
    delisted: false,
    withdraw_disabled: false,
    withdraw_delayed: false,
    deposit_disabled: false,
    trade_disabled: false,
    chains: [],
  }));
}

/** Gate `/api/v4/futures/usdt/contracts` body (the fields ccxt's loadMarkets reads). */
export function gateContracts(coins: readonly string[], quote = 'USDT') {
  return coins.map((coin) => ({
    name: marketId('gate', coin, quote),
    type: 'direct',
    quanto_multiplier: String(contractValue('gate', coin)),
    leverage_min: '1',
    leverage_max: '100',
    mark_price: '100',
    order_price_deviate: '0.5',
    order_price_round: '0.01',
    mark_price_round: '0.01',
    order_size_min: 1,
    order_size_max: 1_000_000,
    maker_fee_rate: '-0.0001',
    taker_fee_rate: '0.00075',
    funding_interval: 28_800,
    in_delisting: false,
    status: 'trading',
  }));
}

/** Bybit `/v5/market/instruments-info?category=linear` body. PreLaunch listings are empty. */
export function bybitInstruments(coins: readonly string[], serverTime: number, status?: string, quote = 'USDT') {
  const list =
    status === 'PreLaunch'
      ? []
      : coins.map((coin) => ({
          symbol: marketId('bybit', coin, quote),
          contractType: 'LinearPerpetual',
          status: 'Trading',
          baseCoin: coin,
          quoteCoin: quote,
          launchTime: '1585526400000',
          deliveryTime: '0',
          deliveryFeeRate: '',
          priceScale: '2',
          leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
          priceFilter: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: '0.10' },
          lotSizeFilter: {
            maxOrderQty: '1190.000',
            minOrderQty: '0.001',
            qtyStep: '0.001',
            postOnlyMaxOrderQty: '1190.000',
          },
          unifiedMarginTrade: true,
          fundingInterval: 480,
          settleCoin: quote,
        }));
  return {
    retCode: 0,
    retMsg: 'OK',
    result: { category: 'linear', list, nextPageCursor: '' },
    retExtInfo: {},
    time: serverTime,
  };
}

/** OKX `/api/v5/public/instruments?instType=SWAP` body. */
export function okxInstruments(coins: readonly string[], quote = 'USDT') {
  return {
    code: '0',
    msg: '',
    data: coins.map((coin) => ({
      alias: '',
      baseCcy: '',
      category: '1',
      ctMult: '1',
      ctType: 'linear',
      ctVal: String(contractValue('okx', coin)),
      ctValCcy: coin,
      expTime: '',
      instFamily: `${coin}-${quote}`,
      instId: marketId('okx', coin, quote),
      instType: 'SWAP',
      lever: '100',
      listTime: '1611916828000',
      lotSz: '0.01',
      maxIcebergSz: '100000000',
      maxLmtSz: '100000000',
      maxMktSz: '12000',
      minSz: '0.01',
      optType: '',
      quoteCcy: '',
      settleCcy: quote,
      state: 'live',
      stk: '',
      tickSz: '0.1',
      uly: `${coin}-${quote}`,
    })),
  };
}

/** Binance USD-M `/fapi/v1/exchangeInfo` body (shared with the lead's market-data simulator). */
export function binanceInstruments(coins: readonly string[], serverTime: number, quote = 'USDT') {
  return binanceExchangeInfo([...coins], serverTime, quote);
}

/**
 * BitMEX `GET /api/v1/instrument/active` body: a linear USDT perpetual per coin, the XBTUSD inverse perpetual ($1 a
 * contract), the ETHUSD quanto perpetual (settled in bitcoin) and a dated future, as BitMEX lists them (the fields
 * whybot reads).
 */
export function bitmexInstruments(coins: readonly string[], quote = 'USDT') {
  const root = (coin: string) => (coin === 'BTC' ? 'XBT' : coin);
  const row = (symbol: string, rootSymbol: string, extra: Record<string, unknown>) => ({
    symbol,
    rootSymbol,
    state: 'Open',
    typ: 'FFWCSX',
    underlying: rootSymbol,
    lotSize: 100,
    tickSize: 0.1,
    isQuanto: false,
    isInverse: false,
    ...extra,
  });
  return [
    ...coins.map((coin) =>
      row(marketId('bitmex', coin, quote), root(coin), {
        quoteCurrency: quote,
        settlCurrency: `${quote}t`,
        multiplier: 1,
        underlyingToPositionMultiplier: BITMEX_POSITION_MULTIPLIERS[coin] ?? 1,
      }),
    ),
    row('XBTUSD', 'XBT', {
      quoteCurrency: 'USD',
      settlCurrency: 'XBt',
      isInverse: true,
      multiplier: -100_000_000,
      underlyingToPositionMultiplier: null,
    }),
    row('ETHUSD', 'ETH', {
      quoteCurrency: 'USD',
      settlCurrency: 'XBt',
      isQuanto: true,
      multiplier: 100,
      underlyingToPositionMultiplier: null,
    }),
    row('XBTZ26', 'XBT', { typ: 'FFCCSX', quoteCurrency: 'USD', settlCurrency: 'XBt', isInverse: true }),
  ];
}
