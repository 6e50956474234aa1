// The registered market-leverage source: open interest and funding across venues as whybot recorded them, and the
// long-term daily rollups, read from the configured storage and summed over the venues of the newest round (a
// round or day missing one of them is left out, so totals compare like with like). Live only: a replay has none.
import type { DayRow, MarketHistoryStore, VenueSample } from '../../store/market-history/store.ts';
import type { SnapshotSource, SourceFactory } from '../snapshot-source.ts';
import type { MarketLeverageHistory, Part } from '../types.ts';
import { failureReason } from '../upstream-call.ts';
import { ALL_VENUES } from './recorder.ts';

const DAY = 86_400_000;
/** Source name of the records. */
export const MARKET_HISTORY_SOURCE = 'whybot open interest and funding records';

/** Sum the records over the venues of the newest round. */
export function leverageHistory(
  samples: VenueSample[],
  days: DayRow[],
  coins: readonly string[],
): MarketLeverageHistory | undefined {
  const byRound = new Map<number, VenueSample[]>();
  for (const s of samples) byRound.set(s.at, [...(byRound.get(s.at) ?? []), s]);
  const times = [...byRound.keys()].sort((a, b) => a - b);
  const newest = times.length ? byRound.get(times[times.length - 1]!)! : [];
  const venues = newest.map((s) => s.venue).sort();
  if (venues.length === 0) return undefined;
  const full = (vs: string[]) => venues.every((v) => vs.includes(v));
  const rounds: MarketLeverageHistory['rounds'] = [];
  for (const t of times) {
    const rs = byRound.get(t)!.filter((s) => venues.includes(s.venue));
    if (!full(rs.map((s) => s.venue))) continue;
    const weight = rs.reduce((a, s) => a + s.fundingWeight, 0);
    rounds.push({
      at: t,
      oiUsd: rs.reduce((a, s) => a + s.oiUsd, 0),
      ...(weight > 0 ? { funding: rs.reduce((a, s) => a + s.fundingSum, 0) / weight } : {}),
    });
  }
  const byDay = new Map<number, DayRow[]>();
  for (const d of days) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d]);
  const out: MarketLeverageHistory['days'] = [];
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const rows = byDay.get(day)!;
    const of = (metric: string) => rows.filter((r) => r.metric === metric && venues.includes(r.venue));
    const close = of('oi.close');
    const funding = of('funding');
    const fundingWeight = funding.reduce((a, r) => a + r.weight, 0);
    const liq = rows.filter((r) => (r.metric === 'liq.long' || r.metric === 'liq.short') && r.venue === ALL_VENUES);
    out.push({
      day: day * DAY,
      ...(full(close.map((r) => r.venue)) ? { oiClose: close.reduce((a, r) => a + r.value, 0) } : {}),
      ...(full(funding.map((r) => r.venue)) && fundingWeight > 0
        ? { funding: funding.reduce((a, r) => a + r.value, 0) / fundingWeight }
        : {}),
      ...(liq.length ? { liqUsd: liq.reduce((a, r) => a + r.value, 0) } : {}),
    });
  }
  return { venues, coins: [...coins], rounds, days: out };
}

/** The records of `store` as a snapshot source. */
export function marketHistorySource(store: MarketHistoryStore, timeoutMs = 10_000): SnapshotSource<'marketLeverage'> {
  return {
    part: 'marketLeverage',
    name: MARKET_HISTORY_SOURCE,
    settings: ['DATABASE_URL', 'WHYBOT_DB_PATH', 'WHYBOT_OI_EXCHANGES'],
    timeoutMs,
    async fetch({ now, coins }): Promise<Part<MarketLeverageHistory>> {
      try {
        const [samples, days] = await Promise.all([
          store.samples(now - 25 * 3_600_000, now),
          store.days(0, Math.floor(now / DAY)),
        ]);
        const value = leverageHistory(samples, days, coins);
        if (!value || value.rounds.length === 0)
          return { ok: false, source: MARKET_HISTORY_SOURCE, reason: 'nothing recorded in the past day' };
        return { ok: true, source: MARKET_HISTORY_SOURCE, value, asOf: value.rounds[value.rounds.length - 1]!.at };
      } catch (error) {
        return { ok: false, source: MARKET_HISTORY_SOURCE, reason: `store unavailable: ${failureReason(error)}` };
      }
    },
  };
}

/** The registered factory: on whenever there is a store; nothing in replays. */
export const marketLeverageSource: SourceFactory = ({ marketHistory, replay }) =>
  marketHistory && !replay ? marketHistorySource(marketHistory) : undefined;
