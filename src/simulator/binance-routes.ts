// Answers the Binance USD-M REST calls that whybot's gather makes through ccxt, from MarketData as of `now`,
// in Binance's own response shapes: exchangeInfo, ticker/24hr, klines, openInterestHist, premiumIndex, fundingRate.
import { binanceExchangeInfo } from './binance-markets.ts';
import type { MarketData } from './market-data.ts';
import { intervalMs } from './kline-files.ts';

/** A simulator answer: status and JSON body. */
export interface RouteAnswer {
  status: number;
  body: unknown;
}

const DAY = 86_400_000;
const QUOTES = ['USDT', 'USDC'];

function baseOf(symbol: string): string {
  const quote = QUOTES.find((q) => symbol.endsWith(q));
  return quote ? symbol.slice(0, -quote.length) : symbol;
}

const error = (status: number, code: number, msg: string): RouteAnswer => ({ status, body: { code, msg } });
const num = (v: string | null): number | undefined => (v === null || v === '' ? undefined : Number(v));

/**
 * The 24h ticker as of `now`: the price is the newest close at or before `now` (finest series on a tie), and
 * the statistics span the 24 hours of data ending at that close. The change is given only when the data holds
 * the price exactly 24 h before that close; otherwise priceChange, priceChangePercent and openPrice are left out
 * (never a change over a shorter span under a 24h name), and openTime tells where the data really starts.
 * closeTime is the time of that close (the moment the price is from), so the ticker reads as of 07:00, not 06:59.
 */
function ticker(data: MarketData, symbol: string, now: number) {
  const last = data.priceAt(symbol, now);
  if (!last) return undefined;
  const from = last.at - DAY;
  const window = data.bestCandles(symbol, from, last.at);
  if (window.length === 0) return undefined;
  const first = window[0]!;
  // the price 24 h before: the open of a candle starting then, or the close of one ending then
  const before = data.priceAt(symbol, from);
  const open = first.t === from ? first.o : before?.at === from ? before.price : undefined;
  const change =
    open === undefined
      ? {}
      : {
          priceChange: (last.price - open).toFixed(8),
          priceChangePercent: (((last.price - open) / open) * 100).toFixed(3),
          openPrice: String(open),
        };
  return {
    symbol,
    ...change,
    weightedAvgPrice: String(last.price),
    lastPrice: String(last.price),
    lastQty: '0.001',
    highPrice: String(Math.max(...window.map((c) => c.h))),
    lowPrice: String(Math.min(...window.map((c) => c.l))),
    volume: window.reduce((s, c) => s + c.v, 0).toFixed(3),
    quoteVolume: window.reduce((s, c) => s + c.v * c.c, 0).toFixed(2),
    openTime: first.t,
    closeTime: last.at,
    firstId: 1,
    lastId: 2,
    count: window.length,
  };
}

function klines(data: MarketData, q: URLSearchParams, now: number): RouteAnswer {
  const symbol = q.get('symbol') ?? '';
  const ms = intervalMs(q.get('interval') ?? '');
  if (!ms) return error(400, -1120, 'Invalid interval.');
  if (!data.listedSymbols().includes(symbol)) return error(400, -1121, 'Invalid symbol.');
  const limit = Math.min(num(q.get('limit')) ?? 500, 1500);
  const start = num(q.get('startTime'));
  const end = Math.min(num(q.get('endTime')) ?? Infinity, now);
  let candles = data.candles(symbol, ms, now, start).filter((c) => c.t <= end && (start === undefined || c.t >= start));
  candles = start !== undefined ? candles.slice(0, limit) : candles.slice(-limit);
  return {
    status: 200,
    body: candles.map((c) => [
      c.t,
      String(c.o),
      String(c.h),
      String(c.l),
      String(c.c),
      String(c.v),
      c.t + ms - 1,
      String(c.v * c.c),
      100,
      '0',
      '0',
      '0',
    ]),
  };
}

function openInterestHist(data: MarketData, q: URLSearchParams, now: number): RouteAnswer {
  const symbol = q.get('symbol') ?? '';
  const periodMs = intervalMs(q.get('period') ?? '');
  if (!periodMs || periodMs < 300_000) return error(400, -1130, 'Invalid period.');
  const limit = Math.min(num(q.get('limit')) ?? 30, 500);
  // Binance keeps only the last 30 days of this history.
  const start = Math.max(num(q.get('startTime')) ?? -Infinity, now - 30 * DAY);
  const end = Math.min(num(q.get('endTime')) ?? Infinity, now);
  const buckets = new Map<number, { t: number; usd: number; coins?: number | undefined }>();
  for (const p of data.openInterest(symbol, now)) {
    if (p.t < start || p.t > end) continue;
    buckets.set(Math.floor(p.t / periodMs), p); // the last observation of each period
  }
  let points = [...buckets.values()];
  points = q.get('startTime') !== null ? points.slice(0, limit) : points.slice(-limit);
  return {
    status: 200,
    body: points.map((p) => ({
      symbol,
      ...(p.coins !== undefined ? { sumOpenInterest: String(p.coins) } : {}),
      sumOpenInterestValue: String(p.usd),
      timestamp: p.t,
    })),
  };
}

function premiumIndex(data: MarketData, q: URLSearchParams, now: number): RouteAnswer {
  const one = (symbol: string) => {
    const funding = data.fundingAt(symbol, now);
    const price = data.priceAt(symbol, now);
    if (!funding || !price) return undefined;
    const last = { c: price.price };
    const intervalH = funding.intervalHours ?? 8;
    return {
      symbol,
      markPrice: String(last.c),
      indexPrice: String(last.c),
      estimatedSettlePrice: String(last.c),
      lastFundingRate: String(funding.rate),
      interestRate: '0.00010000',
      nextFundingTime: Math.ceil((now + 1) / (intervalH * 3_600_000)) * intervalH * 3_600_000,
      time: funding.t,
    };
  };
  const symbol = q.get('symbol');
  if (symbol) {
    const answer = one(symbol);
    return answer ? { status: 200, body: answer } : error(400, -1121, 'Invalid symbol.');
  }
  return { status: 200, body: data.listedSymbols().map(one).filter(Boolean) };
}

/** Funding rate history (`/fapi/v1/fundingRate`): settlements between startTime and endTime, up to `now`. */
function fundingRateHistory(data: MarketData, q: URLSearchParams, now: number): RouteAnswer {
  const symbol = q.get('symbol') ?? '';
  if (!data.listedSymbols().includes(symbol)) return error(400, -1121, 'Invalid symbol.');
  const limit = Math.min(num(q.get('limit')) ?? 100, 1000);
  const start = num(q.get('startTime')) ?? -Infinity;
  const end = Math.min(num(q.get('endTime')) ?? Infinity, now);
  const points = data.fundingHistory(symbol, now).filter((p) => p.t >= start && p.t <= end);
  const page = q.get('startTime') !== null ? points.slice(0, limit) : points.slice(-limit);
  return {
    status: 200,
    body: page.map((p) => ({ symbol, fundingTime: p.t, fundingRate: String(p.rate), markPrice: '' })),
  };
}

/** Route one REST request (path without query) to its answer; undefined for a path Binance would 404. */
export function binanceRoute(
  data: MarketData,
  path: string,
  query: URLSearchParams,
  now: number,
): RouteAnswer | undefined {
  switch (path) {
    case '/fapi/v1/exchangeInfo':
      return { status: 200, body: binanceExchangeInfo(data.listedSymbols().map(baseOf), now) };
    case '/fapi/v1/ticker/24hr': {
      const symbol = query.get('symbol');
      if (symbol) {
        const t = ticker(data, symbol, now);
        return t ? { status: 200, body: t } : error(400, -1121, 'Invalid symbol.');
      }
      return {
        status: 200,
        body: data
          .listedSymbols()
          .map((s) => ticker(data, s, now))
          .filter(Boolean),
      };
    }
    case '/fapi/v1/klines':
    // the spot API's klines take the same query and give the same rows (a simulator of spot data serves these)
    case '/api/v3/klines':
      return klines(data, query, now);
    case '/futures/data/openInterestHist':
      return openInterestHist(data, query, now);
    case '/fapi/v1/premiumIndex':
      return premiumIndex(data, query, now);
    case '/fapi/v1/fundingRate':
      return fundingRateHistory(data, query, now);
    case '/fapi/v1/time':
      return { status: 200, body: { serverTime: now } };
    default:
      return undefined;
  }
}
