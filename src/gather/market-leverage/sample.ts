// One sampling round on one venue: open interest of the tracked coins' perpetuals in USD and their funding rates,
// through ccxt's fetchOpenInterest and fetchFundingRate (Binance USD-M, Bybit, OKX, Bitget; Hyperliquid, whose
// perpetuals settle in USDC and fund every hour; Deribit, whose BTC and ETH perpetuals are inverse, settled in the
// coin and quoted in USD). A venue counts only when
// every tracked coin it lists answered, so a round's total never shrinks because one call failed.
import ccxt, { type Exchange, type OpenInterest, type Ticker } from 'ccxt';
import { venuePerpetualSymbol } from '../../core/markets.ts';
import type { VenueSample } from '../../store/market-history/store.ts';
import { loadMarkets, pointExchangeAt } from '../exchange.ts';
import { guardExchange } from '../rate-limit-gate.ts';

/** Venues whose open interest and funding whybot records (each tested against src/simulator/leverage). */
export const LEVERAGE_VENUES = ['binanceusdm', 'bybit', 'okx', 'bitget', 'hyperliquid', 'deribit'] as const;

/** One of LEVERAGE_VENUES. */
export type LeverageVenueId = (typeof LEVERAGE_VENUES)[number];

/** True for a venue whybot records open interest from. */
export function isLeverageVenue(id: string): id is LeverageVenueId {
  return (LEVERAGE_VENUES as readonly string[]).includes(id);
}

const MARKET_TYPES: Record<LeverageVenueId, object> = {
  binanceusdm: {},
  bybit: { fetchMarkets: { types: ['linear'] } },
  okx: { fetchMarkets: { types: ['swap'] } },
  bitget: { fetchMarkets: { types: ['swap'] } },
  // the main perpetuals only (no spot, no builder-deployed markets)
  hyperliquid: { fetchMarkets: { types: ['swap'] } },
  deribit: {},
};

/** Venues whose one call answers every market's open interest (and one every market's funding). */
const BULK: ReadonlySet<string> = new Set<LeverageVenueId>(['hyperliquid']);

/** A ccxt REST client for `id`, public endpoints only; with `baseUrl` every URL goes there (simulator, proxy). */
export function createLeverageExchange(id: LeverageVenueId, baseUrl?: string): Exchange {
  const Class = ccxt[id] as unknown as new (config: object) => Exchange;
  const exchange = new Class({ enableRateLimit: true, timeout: 10_000, options: { ...MARKET_TYPES[id] } });
  if (baseUrl) pointExchangeAt(exchange, baseUrl);
  return guardExchange(exchange);
}

/** A ticker's mark price, else its last price. */
function markOf(ticker: Ticker): number | undefined {
  return ticker.markPrice ?? ticker.last ?? undefined;
}

/** Parse ccxt's funding interval ("8h") into hours. */
function hoursOf(interval: unknown): number | undefined {
  const m = typeof interval === 'string' ? /^(\d+)h$/.exec(interval) : null;
  return m ? Number(m[1]) : undefined;
}

/** Open interest in USD from the venue's own USD value (OKX `oiUsd`, Deribit's inverse perpetuals), if it gives one. */
function usdGiven(oi: OpenInterest): number | undefined {
  return typeof oi.openInterestValue === 'number' && oi.openInterestValue > 0 ? oi.openInterestValue : undefined;
}

/**
 * Open interest in USD as coins x mark price (Binance and Bybit give coins; OKX's `openInterestAmount` is
 * contracts, so its coin amount is `oiCcy`).
 */
function usdAtMark(oi: OpenInterest, mark: number | undefined): number | undefined {
  const coins = (oi as { baseVolume?: number }).baseVolume ?? oi.openInterestAmount;
  return typeof coins === 'number' && coins > 0 && typeof mark === 'number' && mark > 0 ? coins * mark : undefined;
}

/**
 * Sample `venue` at round time `at`; throws (with the venue's error) when any listed coin's open interest cannot be
 * read or valued. Funding that fails for a coin leaves that coin's weight out of the funding figure only.
 */
export async function sampleVenue(
  venue: string,
  exchange: Exchange,
  coins: readonly string[],
  at: number,
  quote = 'USDT',
): Promise<VenueSample> {
  await loadMarkets(exchange);
  const symbols = coins
    .map((c) => venuePerpetualSymbol(venue, c, quote))
    .filter((s) => exchange.markets?.[s] !== undefined);
  if (symbols.length === 0) throw new Error(`${venue} lists none of the tracked coins`);
  // a venue that answers every market in one call (Hyperliquid) is asked once for all of them
  const all = BULK.has(venue)
    ? await Promise.all([
        exchange.fetchOpenInterests(symbols),
        exchange.fetchFundingRates(symbols).catch(() => undefined),
      ])
    : undefined;
  const rows = await Promise.all(
    symbols.map(async (symbol) => {
      const [oi, funding] = all
        ? [all[0][symbol], all[1]?.[symbol]]
        : await Promise.all([
            exchange.fetchOpenInterest(symbol),
            exchange.fetchFundingRate(symbol).catch(() => undefined),
          ]);
      if (oi === undefined) throw new Error(`${venue} gave no open interest for ${symbol}`);
      // the mark price comes with the funding answer, else (Bitget) from the ticker
      const usd =
        usdGiven(oi) ??
        usdAtMark(oi, funding?.markPrice ?? (await exchange.fetchTicker(symbol).then(markOf, () => undefined)));
      if (usd === undefined) throw new Error(`${venue} gave no USD value for the open interest of ${symbol}`);
      return { usd, funding };
    }),
  );
  let oiUsd = 0;
  let fundingSum = 0;
  let fundingWeight = 0;
  for (const { usd, funding } of rows) {
    oiUsd += usd;
    const rate = funding?.fundingRate;
    // no venue allows more than a few percent per interval: larger values are broken data
    if (typeof rate !== 'number' || !Number.isFinite(rate) || Math.abs(rate) > 0.1) continue;
    const hours = hoursOf(funding?.interval) ?? 8;
    fundingSum += ((rate * 8) / hours) * usd;
    fundingWeight += usd;
  }
  return { venue, at, oiUsd, fundingSum, fundingWeight, markets: rows.length };
}
