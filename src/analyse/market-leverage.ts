// Leverage across the market, from whybot's own records: open interest summed over the venues that publish it (now,
// over the day, against its peak on record), funding weighted by open interest ("the lowest since ..."), and the
// day ranked against the long-term daily rollups for liquidations, open-interest drops and funding. With fewer than
// MIN_RANK_DAYS of records nothing is ranked; the article says how long the record is instead. Pure.
import type { MarketLeverageHistory, Part } from '../gather/types.ts';
import { fact, type Fact } from './fact.ts';
import type { HistoryRank, MarketLeverageFacts } from './facts.ts';
import { isFresh, partValue } from './fresh.ts';
import { standing } from './rank.ts';

const DAY = 86_400_000;
/** Days of records below which nothing is ranked. */
export const MIN_RANK_DAYS = 30;
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
  const first = h.days.find((d) => d.oiClose !== undefined || d.liqUsd !== undefined || d.funding !== undefined);
  const spanDays = first ? Math.floor((today - first.day) / DAY) + 1 : 1;
  const recordDays = fact('market.record.days', 'Days of leverage records', spanDays, 'days', src, at)!;
  const out: MarketLeverageFacts = { venues: h.venues, coins: h.coins, oiNow, recordDays, ranks: {} };

  // over the day: the round nearest to 24 hours before the newest
  let dayAgo: (typeof h.rounds)[number] | undefined;
  for (const r of h.rounds)
    if (
      Math.abs(r.at - (at - DAY)) <= DAY_AGO_TOLERANCE_MS &&
      (!dayAgo || Math.abs(r.at - (at - DAY)) < Math.abs(dayAgo.at - (at - DAY)))
    )
      dayAgo = r;
  if (dayAgo && dayAgo.oiUsd > 0)
    out.oiChange24h = fact(
      'market.oi.change24h',
      'Open interest across venues, 24h change',
      (last.oiUsd / dayAgo.oiUsd - 1) * 100,
      'pct',
      computed,
      at,
    );

  // the peak on record: the highest daily close before today, or a round of the past day
  let peak: { t: number; usd: number } | undefined;
  for (const d of h.days)
    if (d.day < today && d.oiClose !== undefined && (!peak || d.oiClose > peak.usd))
      peak = { t: d.day, usd: d.oiClose };
  for (const r of h.rounds) if (!peak || r.oiUsd > peak.usd) peak = { t: r.at, usd: r.oiUsd };
  if (peak && peak.usd > last.oiUsd && peak.t < at) {
    const fromPeak = fact(
      'market.oi.fromPeak',
      'Open interest across venues against its peak on record',
      (last.oiUsd / peak.usd - 1) * 100,
      'pct',
      computed,
      at,
    );
    const peakAt = fact('market.oi.peakAt', 'Day of the open interest peak on record', peak.t, 'date', src, peak.t);
    if (fromPeak && peakAt) out.peak = { at: peakAt, fromPeak };
  }

  // funding weighted by open interest, and how low it stands among the days on record
  const earlier = h.days.filter((d) => d.day < today);
  if (last.funding !== undefined && Number.isFinite(last.funding)) {
    out.fundingNow = fact(
      'market.funding.now',
      'Funding across venues, weighted by open interest (8h)',
      last.funding * 100,
      'funding',
      src,
      at,
    );
    const fundingDays = earlier
      .filter((d) => d.funding !== undefined)
      .map((d) => ({ t: d.day, value: d.funding! * 100 }));
    if (out.fundingNow && spanDays >= MIN_RANK_DAYS)
      out.ranks.funding = rankFacts(
        'market.funding',
        'Funding across venues',
        standing(fundingDays, out.fundingNow.value, 'low'),
        computed,
        at,
      );
  }
  if (spanDays < MIN_RANK_DAYS) return out;

  // the day's fall in open interest against every day-over-day change on record
  if (out.oiChange24h && out.oiChange24h.value < 0) {
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
      standing(changes, out.oiChange24h.value, 'low'),
      computed,
      at,
    );
  }
  if (inp.liquidations24h) {
    const liqDays = earlier.filter((d) => d.liqUsd !== undefined).map((d) => ({ t: d.day, value: d.liqUsd! }));
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
