// The registered market-leverage source: open interest and funding across venues as whybot recorded them, and the
// long-term daily rollups (with days backfilled from venues' history endpoints where whybot recorded none), read
// from the configured storage and summed over the venues of the newest round (a round or day missing one of them is
// left out, so totals compare like with like). When those venues' records are too short to rank on, the widest
// subset of them with records long enough is offered beside them, with its share of today's open interest
// (DESIGN 4f). Live only: a replay has none.
import { MIN_RANK_DAYS, MIN_STAND_IN_SHARE } from '../../core/leverage-records.ts';
import type { DayRow, MarketHistoryStore, VenueSample } from '../../store/market-history/store.ts';
import type { SnapshotSource, SourceFactory } from '../snapshot-source.ts';
import type { LeverageRecords, MarketLeverageHistory, Part } from '../types.ts';
import { failureReason } from '../upstream-call.ts';
import { ALL_VENUES } from './recorder.ts';

const DAY = 86_400_000;
/** Source name of the records. */
export const MARKET_HISTORY_SOURCE = 'whybot leverage records';

/** One venue's day: its recorded close and funding, else the backfilled ones. */
interface VenueDay {
  oiClose?: number;
  funding?: { sum: number; weight: number };
}

/** Per UTC day (days since the epoch) and venue, the recorded rollups, a backfilled row where none was recorded. */
function venueDays(days: DayRow[]): Map<number, Map<string, VenueDay>> {
  const out = new Map<number, Map<string, VenueDay>>();
  const recorded = (m: string) => m === 'oi.close' || m === 'funding';
  // recorded rows last, so they replace a backfilled one of the same venue and day
  const ordered = [...days].sort((a, b) => Number(recorded(a.metric)) - Number(recorded(b.metric)));
  for (const r of ordered) {
    const byVenue = out.get(r.day) ?? new Map<string, VenueDay>();
    out.set(r.day, byVenue);
    const d = byVenue.get(r.venue) ?? {};
    byVenue.set(r.venue, d);
    if (r.metric === 'oi.close' || r.metric === 'oi.hist') d.oiClose = r.value;
    if (r.metric === 'funding' || r.metric === 'funding.hist') d.funding = { sum: r.value, weight: r.weight };
  }
  return out;
}

/** The rounds and days summed over `venues`, each left out where one of them is missing. */
function recordsOver(
  venues: readonly string[],
  byRound: Map<number, VenueSample[]>,
  perDay: Map<number, Map<string, VenueDay>>,
  liqDays: Map<number, number>,
): LeverageRecords {
  const rounds: LeverageRecords['rounds'] = [];
  for (const t of [...byRound.keys()].sort((a, b) => a - b)) {
    const rs = byRound.get(t)!.filter((s) => venues.includes(s.venue));
    if (rs.length !== venues.length) continue;
    const weight = rs.reduce((a, s) => a + s.fundingWeight, 0);
    rounds.push({
      at: t,
      oiUsd: rs.reduce((a, s) => a + s.oiUsd, 0),
      ...(weight > 0 ? { funding: rs.reduce((a, s) => a + s.fundingSum, 0) / weight } : {}),
    });
  }
  const out: LeverageRecords['days'] = [];
  for (const day of [...new Set([...perDay.keys(), ...liqDays.keys()])].sort((a, b) => a - b)) {
    const rows = venues.map((v) => perDay.get(day)?.get(v));
    const closes = rows.map((r) => r?.oiClose);
    const funding = rows.map((r) => r?.funding);
    const fundingWeight = funding.reduce((a, f) => a + (f?.weight ?? 0), 0);
    const liq = liqDays.get(day);
    const entry = {
      day: day * DAY,
      ...(closes.every((c) => c !== undefined) ? { oiClose: closes.reduce((a, c) => a + c!, 0) } : {}),
      ...(funding.every((f) => f !== undefined) && fundingWeight > 0
        ? { funding: funding.reduce((a, f) => a + f!.sum, 0) / fundingWeight }
        : {}),
      ...(liq !== undefined ? { liqUsd: liq } : {}),
    };
    if (Object.keys(entry).length > 1) out.push(entry);
  }
  return { venues: [...venues], rounds, days: out };
}

/** Days from the earliest of `days` (days since the epoch) to `today`, counting both; 0 without any. */
function spanOf(days: Iterable<number>, today: number): number {
  const first = Math.min(...days);
  return Number.isFinite(first) ? today - first + 1 : 0;
}

/**
 * Sum the records over the venues of the newest round; when their open-interest record is shorter than
 * MIN_RANK_DAYS, add the widest subset of them whose own records are that long, if it holds MIN_STAND_IN_SHARE of
 * the newest round's open interest. `now` is the build's moment.
 */
export function leverageHistory(
  samples: VenueSample[],
  days: DayRow[],
  coins: readonly string[],
  now: number,
): MarketLeverageHistory | undefined {
  const byRound = new Map<number, VenueSample[]>();
  for (const s of samples) byRound.set(s.at, [...(byRound.get(s.at) ?? []), s]);
  const times = [...byRound.keys()].sort((a, b) => a - b);
  const newest = times.length ? byRound.get(times[times.length - 1]!)! : [];
  const venues = newest.map((s) => s.venue).sort();
  if (venues.length === 0) return undefined;
  const perDay = venueDays(days);
  const liqDays = new Map<number, number>();
  for (const d of days)
    if ((d.metric === 'liq.long' || d.metric === 'liq.short') && d.venue === ALL_VENUES)
      liqDays.set(d.day, (liqDays.get(d.day) ?? 0) + d.value);
  const all = recordsOver(venues, byRound, perDay, liqDays);
  const history: MarketLeverageHistory = { ...all, coins: [...coins] };

  const today = Math.floor(now / DAY);
  const closeDays = (vs: readonly string[]) =>
    [...perDay].filter(([, m]) => vs.every((v) => m.get(v)?.oiClose !== undefined)).map(([day]) => day);
  if (spanOf(closeDays(venues), today) >= MIN_RANK_DAYS) return history;
  const longEnough = venues.filter((v) => spanOf(closeDays([v]), today) >= MIN_RANK_DAYS);
  if (longEnough.length === 0) return history;
  const total = newest.reduce((a, s) => a + s.oiUsd, 0);
  const share = newest.filter((s) => longEnough.includes(s.venue)).reduce((a, s) => a + s.oiUsd, 0) / total;
  if (!(share >= MIN_STAND_IN_SHARE)) return history;
  // no liquidation days: those rollups cover every venue, so they stay with the whole set
  return { ...history, standIn: { ...recordsOver(longEnough, byRound, perDay, new Map()), share } };
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
        const value = leverageHistory(samples, days, coins, now);
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
