// Context for leverage across the market: open interest over the venues whybot records, against the day before and
// its peak on record, open-interest-weighted funding, and the day's rank among the days on record; when all venues'
// records are short, the comparisons are those of the venues with longer records, named with their share.
import type { Facts, HistoryRank } from '../../analyse/facts.ts';
import { MIN_RANK_DAYS } from '../../core/leverage-records.ts';
import { exchangeName } from '../../core/markets.ts';
import type { FigureBook } from '../figure-book.ts';
import { isDown, isUp } from './shared.ts';

const DAY = 86_400_000;
/** "The most since" a day less than a week earlier says nothing a reader needs. */
const MIN_SINCE_DAYS = 7;

function rankCtx(r: HistoryRank | undefined, asOf: number, book: FigureBook) {
  if (!r) return null;
  const since = r.since && asOf - r.since.value >= MIN_SINCE_DAYS * DAY ? book.text(r.since) : null;
  const days = book.text(r.days);
  if (r.record && days) return { record: true, days, since: null };
  return since ? { record: false, days: null, since } : null;
}

/** The market-leverage part of the context (market articles with records only). */
export function marketLeverageCtx(f: Facts, book: FigureBook) {
  const m = f.marketLeverage;
  if (!m || f.scope.kind !== 'market') return null;
  const day = book.text(m.oiChange24h);
  const asOf = m.oiNow.asOf;
  return {
    venues: book.words.list(m.venues.map(exchangeName)),
    coins: book.words.list(m.coins),
    now: book.text(m.oiNow),
    day_abs: book.text(m.oiChange24h, 'abs'),
    day_down: isDown(m.oiChange24h, day),
    day_up: isUp(m.oiChange24h, day),
    peak: m.peak ? { date: book.text(m.peak.at), abs: book.text(m.peak.fromPeak, 'abs') } : null,
    funding: book.text(m.fundingNow),
    funding_rank: rankCtx(m.ranks.funding, asOf, book),
    oi_rank: rankCtx(m.ranks.oiDrop, asOf, book),
    liq_rank: rankCtx(m.ranks.liquidations, asOf, book),
    short_record: m.recordDays.value < MIN_RANK_DAYS,
    record_days: book.text(m.recordDays),
    // the venues the peak and ranks were computed on, when all venues' records are too short (DESIGN 4f)
    stand_in: m.standIn
      ? {
          venues: book.words.list(m.standIn.venues.map(exchangeName)),
          share: book.text(m.standIn.share, 'abs'),
          days: book.text(m.standIn.recordDays),
          day_abs: book.text(m.standIn.oiChange24h, 'abs'),
          funding: book.text(m.standIn.fundingNow),
        }
      : null,
  };
}
