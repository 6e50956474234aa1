// Context for the derivatives sections: liquidations, open interest and funding.
import type { Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';
import { exchangeName } from '../../core/markets.ts';
import { isDown, isUp } from './shared.ts';
import { liquidationCoverageLine } from '../liquidation-coverage.ts';

const sameUtcDay = (a: number, b: number) => Math.floor(a / 86_400_000) === Math.floor(b / 86_400_000);

/** Liquidations collected by whybot (lower bounds). */
export function liquidationsCtx(f: Facts, book: FigureBook) {
  const l = f.liquidations;
  if (!l) return null;
  return {
    total: book.text(l.day.total),
    longs: book.text(l.day.longs),
    shorts: book.text(l.day.shorts),
    side: l.side,
    side_plural: book.words.t(`side.${l.side}s`),
    long_side: l.side === 'long',
    side_share: book.text(l.sideShare),
    focus_coin: l.focusCoin,
    focus_name: book.words.coin(l.focusCoin),
    day: book.text(l.focusDay),
    week: book.text(l.focusWeek),
    month: book.text(l.focusMonth),
    ratio: book.text(l.baselineRatio),
    baseline_days: book.text(l.baselineDays),
    baseline_month: !!l.baselineDays && l.baselineDays.value >= 30,
    ratio_high: f.readings.liquidations === 'high',
    ratio_low: f.readings.liquidations === 'low',
    exchanges: l.exchanges.length ? book.words.list(l.exchanges.map(exchangeName)) : null,
    partial: l.collectedShare < 0.9,
    since: book.text(l.collectingSince),
    count: book.text(l.count),
    by_exchange: l.byExchange.length
      ? book.words.list(l.byExchange.map((e) => `${exchangeName(e.exchange)} ${book.text(e.usd)}`))
      : null,
    coverage: liquidationCoverageLine(l.exchanges, book.words),
    largest: l.largest
      ? {
          usd: book.text(l.largest.usd),
          coin: l.largest.coin,
          name: book.words.coin(l.largest.coin),
          side: l.largest.side,
          exchange: exchangeName(l.largest.exchange),
          // the time of day when it fell on the day the article is about, else its date too
          at: l.largest.at ? book.text(l.largest.at, sameUtcDay(l.largest.at.value, f.asOf) ? 'time' : 'signed') : null,
        }
      : null,
  };
}

/** Open interest over the day and the longer span. */
export function openInterestCtx(f: Facts, book: FigureBook) {
  const o = f.openInterest;
  if (!o) return null;
  const day = book.text(o.change24hPct);
  const long = book.text(o.changeLongPct);
  const before = book.text(o.changeBeforeDayPct);
  return {
    coins: book.words.list(o.coins),
    single: o.coins.length === 1,
    now: book.text(o.now),
    day,
    day_abs: book.text(o.change24hPct, 'abs'),
    day_usd_abs: book.text(o.change24hUsd, 'abs'),
    day_down: isDown(o.change24hPct, day),
    day_up: isUp(o.change24hPct, day),
    long,
    long_abs: book.text(o.changeLongPct, 'abs'),
    long_usd_abs: book.text(o.changeLongUsd, 'abs'),
    long_down: isDown(o.changeLongPct, long),
    long_up: isUp(o.changeLongPct, long),
    // the long span up to a day ago, from its own points: a move of under 1% there is "held steady"
    before_known: before !== null,
    before_abs: book.text(o.changeBeforeDayPct, 'abs'),
    before_down: isDown(o.changeBeforeDayPct, before) && o.changeBeforeDayPct!.value <= -1,
    before_up: isUp(o.changeBeforeDayPct, before) && o.changeBeforeDayPct!.value >= 1,
    long_days: book.text(o.longSpanDays),
    full_month: o.fullMonth,
  };
}

/** Funding rates. */
export function fundingCtx(f: Facts, book: FigureBook) {
  const fu = f.funding;
  if (!fu) return null;
  return {
    mean: book.text(fu.mean),
    negative: book.text(fu.negativeCount),
    markets: book.text(fu.marketCount),
    single: fu.marketCount.value === 1,
    all_negative: fu.negativeCount.value === fu.marketCount.value,
    none_negative: fu.negativeCount.value === 0,
    mean_negative: fu.mean.value < 0,
    coins_negative: fu.negativeCoins.length ? book.words.list(fu.negativeCoins) : null,
    coins: book.words.list(Object.keys(fu.perCoin)),
  };
}
