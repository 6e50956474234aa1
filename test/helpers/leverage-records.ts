// Generated leverage records (open interest, funding and liquidations across venues) with known values, around the
// reference snapshot's moment, for the analysis, article and language tests. Generated: no venue's real data.
import { MARKET_HISTORY_SOURCE } from '../../src/gather/market-leverage/source.ts';
import type { MarketLeverageHistory, Part } from '../../src/gather/types.ts';
import { REFERENCE_NOW } from './reference-snapshot.ts';

const DAY = 86_400_000;
const now = REFERENCE_NOW;
const today = Math.floor(now / DAY) * DAY;

/**
 * `n` days of records before today: open interest 100e9, a 150e9 peak 30 days ago, 135e9 (-10%), then 120e9 (-11.1%);
 * the past day falls from 120e9 to 103.5e9 (-13.75%), funding -0.02% per 8 hours now.
 */
export function leverageRecords(
  n: number,
  opts: { liqOn?: Record<number, number>; fundingOn?: Record<number, number> } = {},
) {
  const days: MarketLeverageHistory['days'] = [];
  for (let i = n; i >= 1; i--) {
    const day = today - i * DAY;
    days.push({
      day,
      oiClose: i === 30 ? 150e9 : i === 29 ? 135e9 : i > 30 ? 100e9 : 120e9,
      funding: opts.fundingOn?.[i] ?? 0.0001,
      liqUsd: opts.liqOn?.[i] ?? 200e6,
    });
  }
  const rounds: MarketLeverageHistory['rounds'] = [];
  for (let m = 24 * 60; m >= 0; m -= 5)
    rounds.push({ at: now - m * 60_000, oiUsd: m >= 24 * 60 ? 120e9 : 103.5e9, funding: -0.0002 });
  const part: Part<MarketLeverageHistory> = {
    ok: true,
    source: MARKET_HISTORY_SOURCE,
    asOf: now,
    value: { venues: ['binanceusdm', 'bybit', 'okx'], coins: ['BTC', 'ETH'], rounds, days },
  };
  return part;
}

/**
 * Five days of records over all three venues, and 400 over Binance USD-M and Bybit (backfilled), which hold 60% of
 * today's open interest: their peak 80e9 forty days ago, 60e9 until the past day, 54e9 now (-10%); their funding
 * -0.03% per 8 hours now, the lowest since a day 90 days back.
 */
export function leverageRecordsWithStandIn(): Part<MarketLeverageHistory> {
  const base = leverageRecords(4);
  const days: MarketLeverageHistory['days'] = [];
  for (let i = 399; i >= 1; i--)
    days.push({ day: today - i * DAY, oiClose: i === 40 ? 80e9 : 60e9, funding: i === 90 ? -0.0004 : 0.0001 });
  const rounds = base.ok
    ? base.value.rounds.map((r) => ({ at: r.at, oiUsd: r.oiUsd === 120e9 ? 60e9 : 54e9, funding: -0.0003 }))
    : [];
  if (!base.ok) throw new Error('unreachable');
  return {
    ...base,
    value: { ...base.value, standIn: { venues: ['binanceusdm', 'bybit'], share: 0.6, rounds, days } },
  };
}
