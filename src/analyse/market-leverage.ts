// Leverage across the market, from whybot's own records: open interest summed over the venues that publish it (now,
// over the day, against its peak on record), funding weighted by open interest ("the lowest since ..."), and the
// day ranked against the long-term daily rollups for liquidations, open-interest drops and funding. With fewer than
// MIN_RANK_DAYS of records nothing is ranked; the article says how long the record is instead. When every venue's
// records are that short but a subset's are not (backfilled from history endpoints), comparisons run on that subset
// and say so (DESIGN 4f). Pure.
import { MIN_RANK_DAYS } from '../core/leverage-records.ts';
import type { LeverageRecords, MarketLeverageHistory, Part } from '../gather/types.ts';
import { fact, type Fact } from './fact.ts';
import type { HistoryRank, MarketLeverageFacts } from './facts.ts';
import { isFresh, partValue } from './fresh.ts';
import { standing } from './rank.ts';

const DAY = 86_400_000;
/** How far from 24 hours ago the round compared with may be. */
const DAY_AGO_TOLERANCE_MS = 15 * 60_000;

/** Inputs: the recorded history, and the day's liquidation total when the article has one. */
export interface MarketLeverageInputs {
  part: Part<MarketLeverageHistory> | undefined;
  /** The past 24 hours' liquidations (a `usd` fact), to rank against the days on record. */
  liquidations24h?: Fact | undefined;
  now: number;
  maxAgeMs: number;
  gaps: string[];
}

function rankFacts(
  id: string,
  what: string,
  got: ReturnType<typeof standing>,
  source: string,
  asOf: number,
): HistoryRank | undefined {
  if (!got) return undefined;
  const rank = fact(`${id}.rank`, `${what}: rank among the days on record`, got.rank, 'count', source, asOf);
  const days = fact(`${id}.days`, `${what}: days on record`, got.days, 'days', source, asOf);
  if (!rank || !days) return undefined;
  const since =
    got.since !== undefined
      ? fact(`${id}.since`, `${what}: last day as extreme`, got.since, 'date', source, got.since)
      : undefined;
  return { rank, days, since, record: got.rank === 1 };
}

/** The round nearest to 24 hours before `at`, within the tolerance. */
function roundDayAgo(rounds: LeverageRecords['rounds'], at: number): LeverageRecords['rounds'][number] | undefined {
  let best: LeverageRecords['rounds'][number] | undefined;
  for (const r of rounds)
    if (
      Math.abs(r.at - (at - DAY)) <= DAY_AGO_TOLERANCE_MS &&
      (!best || Math.abs(r.at - (at - DAY)) < Math.abs(best.at - (at - DAY)))
    )
      best = r;
  return best;
}

/** Days from the first day (epoch ms of 00:00 UTC) holding `has` to today, both counted; 0 without one. */
function spanOf(days: LeverageRecords['days'], today: number, has: (d: LeverageRecords['days'][number]) => boolean) {
  const first = days.find(has);
  return first ? Math.floor((today - first.day) / DAY) + 1 : 0;
}

/** Market-wide leverage facts, or undefined when nothing fresh is on record. */
export function marketLeverageFacts(inp: MarketLeverageInputs): MarketLeverageFacts | undefined {
  const got = partValue(inp.part, 'open interest across venues', inp.gaps);
  if (!got) return undefined;
  const h = got.value;
  const last = h.rounds[h.rounds.length - 1];
  if (!last || !isFresh(last.at, inp.now, inp.maxAgeMs) || !(last.oiUsd > 0)) {
    inp.gaps.push('open interest across venues: no fresh round');
    return undefined;
  }
  const src = got.source;
  const computed = `computed from ${src}`;
  const at = last.at;
  const oiNow = fact('market.oi.now', `Open interest across ${h.venues.length} venues`, last.oiUsd, 'usd', src, at);
  if (!oiNow) return undefined;
  const today = Math.floor(inp.now / DAY) * DAY;
  const spanDays =
    spanOf(h.days, today, (d) => d.oiClose !== undefined || d.liqUsd !== undefined || d.funding !== undefined) || 1;
  const recordDays = fact('market.record.days', 'Days of leverage records', spanDays, 'days', src, at)!;
  const out: MarketLeverageFacts = { venues: h.venues, coins: h.coins, oiNow, recordDays, ranks: {} };

  // over the day: the round nearest to 24 hours before the newest
  const dayAgo = roundDayAgo(h.rounds, at);
  if (dayAgo && dayAgo.oiUsd > 0)
    out.oiChange24h = fact(
      'market.oi.change24h',
      'Open interest across venues, 24h change',
      (last.oiUsd / dayAgo.oiUsd - 1) * 100,
      'pct',
      computed,
      at,
    );
  if (last.funding !== undefined && Number.isFinite(last.funding))
    out.fundingNow = fact(
      'market.funding.now',
      'Funding across venues, weighted by open interest (8h)',
      last.funding * 100,
      'funding',
      src,
      at,
    );

  // comparisons with history run on the stand-in venues when all venues' records are too short (DESIGN 4f)
  const cmp: LeverageRecords = h.standIn ?? h;
  const cmpLast = cmp.rounds[cmp.rounds.length - 1];
  if (!cmpLast || cmpLast.at !== at || !(cmpLast.oiUsd > 0)) return out;
  const cmpDayAgo = h.standIn ? roundDayAgo(cmp.rounds, at) : dayAgo;
  const cmpChange = cmpDayAgo && cmpDayAgo.oiUsd > 0 ? (cmpLast.oiUsd / cmpDayAgo.oiUsd - 1) * 100 : undefined;
  const oiSpan = spanOf(cmp.days, today, (d) => d.oiClose !== undefined);
  if (h.standIn) {
    const share = fact(
      'market.standIn.share',
      'Share of open interest on the venues with longer records',
      h.standIn.share * 100,
      'pct',
      computed,
      at,
    );
    const days = fact(
      'market.standIn.days',
      'Days of records of the venues with longer records',
      oiSpan,
      'days',
      src,
      at,
    );
    if (!share || !days) return out;
    out.standIn = { venues: h.standIn.venues, share, recordDays: days };
  }

  // the peak on record: the highest daily close before today, or a round of the past day
  let peak: { t: number; usd: number } | undefined;
  for (const d of cmp.days)
    if (d.day < today && d.oiClose !== undefined && (!peak || d.oiClose > peak.usd))
      peak = { t: d.day, usd: d.oiClose };
  for (const r of cmp.rounds) if (!peak || r.oiUsd > peak.usd) peak = { t: r.at, usd: r.oiUsd };
  if (peak && peak.usd > cmpLast.oiUsd && peak.t < at) {
    const fromPeak = fact(
      'market.oi.fromPeak',
      'Open interest across venues against its peak on record',
      (cmpLast.oiUsd / peak.usd - 1) * 100,
      'pct',
      computed,
      at,
    );
    const peakAt = fact('market.oi.peakAt', 'Day of the open interest peak on record', peak.t, 'date', src, peak.t);
    if (fromPeak && peakAt) out.peak = { at: peakAt, fromPeak };
  }

  // funding weighted by open interest, and how low it stands among the days on record
  const earlier = cmp.days.filter((d) => d.day < today);
  const cmpFunding = cmpLast.funding;
  if (
    cmpFunding !== undefined &&
    Number.isFinite(cmpFunding) &&
    spanOf(cmp.days, today, (d) => d.funding !== undefined) >= MIN_RANK_DAYS
  ) {
    const fundingNow = h.standIn
      ? fact(
          'market.standIn.funding',
          'Funding on the venues with longer records (8h)',
          cmpFunding * 100,
          'funding',
          src,
          at,
        )
      : out.fundingNow;
    const fundingDays = earlier
      .filter((d) => d.funding !== undefined)
      .map((d) => ({ t: d.day, value: d.funding! * 100 }));
    if (fundingNow)
      out.ranks.funding = rankFacts(
        'market.funding',
        'Funding across venues',
        standing(fundingDays, fundingNow.value, 'low'),
        computed,
        at,
      );
    if (out.ranks.funding && out.standIn) out.standIn.fundingNow = fundingNow;
  }

  // the day's fall in open interest against every day-over-day change on record
  if (cmpChange !== undefined && cmpChange < 0 && oiSpan >= MIN_RANK_DAYS) {
    const changes: Array<{ t: number; value: number }> = [];
    for (let i = 1; i < earlier.length; i++) {
      const a = earlier[i - 1]!;
      const b = earlier[i]!;
      if (b.day - a.day === DAY && a.oiClose && b.oiClose)
        changes.push({ t: b.day, value: (b.oiClose / a.oiClose - 1) * 100 });
    }
    out.ranks.oiDrop = rankFacts(
      'market.oi.drop',
      'One-day fall in open interest',
      standing(changes, cmpChange, 'low'),
      computed,
      at,
    );
    if (out.ranks.oiDrop && out.standIn)
      out.standIn.oiChange24h = fact(
        'market.standIn.change24h',
        'Open interest on the venues with longer records, 24h change',
        cmpChange,
        'pct',
        computed,
        at,
      );
  }

  // liquidations: their rollups cover every venue, ranked on their own record's length
  if (inp.liquidations24h && spanOf(h.days, today, (d) => d.liqUsd !== undefined) >= MIN_RANK_DAYS) {
    const liqDays = h.days
      .filter((d) => d.day < today && d.liqUsd !== undefined)
      .map((d) => ({ t: d.day, value: d.liqUsd! }));
    out.ranks.liquidations = rankFacts(
      'market.liq',
      'Liquidations in a day',
      standing(liqDays, inp.liquidations24h.value, 'high'),
      computed,
      at,
    );
  }
  return out;
}
