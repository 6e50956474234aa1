// Backfills the daily open-interest and funding records from the venues' public history endpoints, so rankings do
// not wait months for whybot's own records. Only venues whose history measures the same thing the recorder samples
// are asked: Binance USD-M (`/futures/data/openInterestHist`, the same perpetual, in USD; the venue keeps the last
// 30 days) and Bybit (`/v5/market/open-interest`, coins, valued at the daily close; years of days). OKX's history
// endpoint sums every contract of a currency (futures and coin-margined swaps too), so its days would not compare
// with the USDT swap the recorder samples, and it is left out; ccxt 4.5.84 reads no open-interest history from
// Bitget, Hyperliquid or Deribit. Funding comes from each venue's funding history: a day's payments / 3 is its mean
// rate per 8 hours, whatever the interval.
import type { Exchange, FundingRateHistory, OHLCV, OpenInterest } from 'ccxt';
import { venuePerpetualSymbol } from '../../core/markets.ts';
import type { BackfilledDay } from '../../store/market-history/store.ts';
import { loadMarkets } from '../exchange.ts';

const DAY = 86_400_000;

/** Venues with a comparable history endpoint, and how many past days each serves. */
export const BACKFILL_VENUES: Readonly<Record<string, { maxDays: number; oiPage: number; valuedAtClose: boolean }>> = {
  // openInterestHist serves the latest 30 days, up to 500 rows a call, with the USD value
  binanceusdm: { maxDays: 29, oiPage: 500, valuedAtClose: false },
  // open-interest gives coins, 200 rows a call (cursor or time window); klines value them
  bybit: { maxDays: 730, oiPage: 200, valuedAtClose: true },
};

/** Funding rows a call returns at most, per venue. */
const FUNDING_PAGE: Readonly<Record<string, number>> = { binanceusdm: 1000, bybit: 200 };

/** True when `venue` has a history endpoint whybot backfills from. */
export function canBackfill(venue: string): boolean {
  return venue in BACKFILL_VENUES;
}

/** The market's funding interval as the venue lists it (Bybit: minutes), else 4 hours: pages never overflow. */
function fundingIntervalMs(exchange: Exchange, symbol: string): number {
  const minutes = Number(
    (exchange.markets?.[symbol]?.info as { fundingInterval?: unknown } | undefined)?.fundingInterval,
  );
  return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 4 * 3_600_000;
}

/** Calls one history method over [fromMs, toMs] in windows of `pageMs`, oldest first; one failure fails all. */
async function paged<T>(
  fromMs: number,
  toMs: number,
  pageMs: number,
  call: (since: number, until: number) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let since = fromMs; since <= toMs; since += pageMs)
    out.push(...(await call(since, Math.min(toMs, since + pageMs - 1))));
  return out;
}

/** One coin's days: open interest in USD at each day's close and the day's mean funding per 8 hours. */
async function coinDays(
  venue: string,
  exchange: Exchange,
  symbol: string,
  fromDay: number,
  toDay: number,
): Promise<Map<number, { oiUsd: number; funding?: number }>> {
  const spec = BACKFILL_VENUES[venue]!;
  // a daily open-interest row stamped at 00:00 of day D+1 is day D's close
  const from = (fromDay + 1) * DAY;
  const to = (toDay + 1) * DAY;
  const interests = await paged<OpenInterest>(from, to, spec.oiPage * DAY, (since, until) =>
    exchange.fetchOpenInterestHistory(symbol, '1d', since, spec.oiPage, { until }),
  );
  // a daily candle opened at 00:00 of day D closes at 00:00 of D+1: the price of D's close
  const closes = new Map<number, number>();
  if (spec.valuedAtClose) {
    const candles = await paged<OHLCV>(fromDay * DAY, toDay * DAY, spec.oiPage * DAY, (since, until) =>
      exchange.fetchOHLCV(symbol, '1d', since, spec.oiPage, { until }),
    );
    for (const c of candles) if (typeof c[0] === 'number' && typeof c[4] === 'number') closes.set(c[0] / DAY, c[4]);
  }
  const days = new Map<number, { oiUsd: number; funding?: number }>();
  for (const oi of interests) {
    if (typeof oi.timestamp !== 'number' || oi.timestamp % DAY !== 0) continue;
    const day = oi.timestamp / DAY - 1;
    if (day < fromDay || day > toDay) continue;
    const usd = spec.valuedAtClose
      ? (oi.openInterestAmount ?? Number.NaN) * (closes.get(day) ?? Number.NaN)
      : (oi.openInterestValue ?? Number.NaN);
    if (Number.isFinite(usd) && usd > 0) days.set(day, { oiUsd: usd });
  }
  const pageMs = (FUNDING_PAGE[venue] ?? 200) * fundingIntervalMs(exchange, symbol);
  const rates = await paged<FundingRateHistory>(fromDay * DAY, (toDay + 1) * DAY - 1, pageMs, (since, until) =>
    exchange.fetchFundingRateHistory(symbol, since, FUNDING_PAGE[venue], { until }),
  );
  const paid = new Map<number, number>();
  for (const r of rates) {
    if (typeof r.timestamp !== 'number' || typeof r.fundingRate !== 'number' || !Number.isFinite(r.fundingRate))
      continue;
    // no venue allows more than a few percent per interval: larger values are broken data
    if (Math.abs(r.fundingRate) > 0.1) continue;
    const day = Math.floor(r.timestamp / DAY);
    paid.set(day, (paid.get(day) ?? 0) + r.fundingRate);
  }
  for (const [day, d] of days) {
    const sum = paid.get(day);
    if (sum !== undefined) d.funding = sum / 3;
  }
  return days;
}

/**
 * `venue`'s days in [fromDay, toDay] (days since the epoch), summed over the tracked coins it lists. A day counts
 * only when every listed coin has its close (a day's total never shrinks because one coin's row is missing); any
 * failed call fails the whole backfill, to be tried again later. `at` of each day is its close, 00:00 of the next.
 */
export async function backfillVenue(
  venue: string,
  exchange: Exchange,
  coins: readonly string[],
  fromDay: number,
  toDay: number,
  quote = 'USDT',
): Promise<BackfilledDay[]> {
  if (!canBackfill(venue) || fromDay > toDay) return [];
  await loadMarkets(exchange);
  const symbols = coins
    .map((c) => venuePerpetualSymbol(venue, c, quote))
    .filter((s) => exchange.markets?.[s] !== undefined);
  if (symbols.length === 0) return [];
  const perCoin = [];
  // one coin at a time: the venue's rate limit, not the clock, sets the pace
  for (const symbol of symbols) perCoin.push(await coinDays(venue, exchange, symbol, fromDay, toDay));
  const out: BackfilledDay[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    const rows = perCoin.map((m) => m.get(day));
    if (rows.some((r) => r === undefined)) continue;
    let oiUsd = 0;
    let fundingSum = 0;
    let fundingWeight = 0;
    for (const r of rows as Array<{ oiUsd: number; funding?: number }>) {
      oiUsd += r.oiUsd;
      if (r.funding === undefined) continue;
      fundingSum += r.funding * r.oiUsd;
      fundingWeight += r.oiUsd;
    }
    out.push({ venue, day, oiUsd, fundingSum, fundingWeight, at: (day + 1) * DAY });
  }
  return out;
}
