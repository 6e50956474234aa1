// Context for the wider market: volatility, correlation, sentiment, large holders, breadth and references.
import type { Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';
import { printsAsZero } from './shared.ts';
import { isDown, isUp } from './shared.ts';

/** Volatility against its norm (same measure for the multiple and the percent beside it). */
export function volatilityCtx(f: Facts, book: FigureBook) {
  const v = f.volatility;
  if (!v) return null;
  const typical = book.text(v.typicalDayPct, 'abs');
  return {
    ratio: book.text(v.ratio),
    // A normal day that prints as "0.0%" tells a reader nothing, and no multiple of it can be checked.
    typical_day: v.typicalDayPct && printsAsZero(v.typicalDayPct.value) ? null : typical,
    move_sigma: book.text(v.moveSigma),
    days: book.text(v.baselineDays),
    month: v.baselineDays.value >= 30,
    big_move: f.readings.bigMove,
    elevated: f.readings.volatility === 'elevated',
    calm: f.readings.volatility === 'calm',
  };
}

/** The Fear & Greed class in the article's language ("Extreme Fear" -> sentiment.extreme_fear), as sent when unknown. */
export function sentimentClass(classification: string, book: FigureBook): string {
  const key = `sentiment.${classification.trim().toLowerCase().replace(/\s+/g, '_')}`;
  return book.words.has(key) ? book.words.t(key) : classification;
}

/** Correlation, sentiment, holders, breadth and cross-asset references. */
export function marketCtx(f: Facts, book: FigureBook) {
  const corr = f.altCorrelation
    ? {
        mean: book.text(f.altCorrelation),
        high: f.altCorrelation.value >= 0.7,
        low: f.altCorrelation.value < 0.4,
        days: book.text(f.hourlyDays),
        month: !!f.hourlyDays && f.hourlyDays.value >= 30,
      }
    : null;
  const s = f.sentiment;
  const sentiment = s
    ? {
        name: s.value.label,
        value: book.text(s.value),
        label: sentimentClass(s.classification, book),
        fear: s.value.value <= 25,
        greed: s.value.value >= 75,
      }
    : null;
  const holders = f.holders
    .map((h) => ({
      name: h.name,
      coin: h.coin,
      coin_name: book.words.coin(h.coin),
      amount: book.text(h.unrealized, 'abs'),
      under: h.unrealized.value < 0,
    }))
    .filter((h) => h.amount !== null);
  const br = f.breadth;
  const breadth = br
    ? {
        markets: book.text(br.markets),
        down: book.text(br.down),
        up: book.text(br.up),
        down_share: book.text(br.downShare),
        median: book.text(br.median),
        mostly_down: !!br.downShare && br.downShare.value >= 60,
        mostly_up: !!br.downShare && br.downShare.value <= 40,
      }
    : null;
  const references = (br?.references ?? []).map((r) => {
    const change = book.text(r.change);
    // named in the article's language ("reference.PAXG"), as gathered when the language has no name for it
    const name = book.words.has(`reference.${r.base}`) ? book.words.t(`reference.${r.base}`) : r.label;
    return {
      label: name,
      name,
      price: book.text(r.price),
      change,
      change_abs: book.text(r.change, 'abs'),
      known: change !== null,
      down: isDown(r.change, change),
      up: isUp(r.change, change),
      flat: !isDown(r.change, change) && !isUp(r.change, change),
    };
  });
  return {
    corr,
    sentiment,
    holders,
    holders_any: holders.length > 0,
    breadth,
    references,
    references_any: references.length > 0,
    history: { days: book.text(f.hourlyDays), month: !!f.hourlyDays && f.hourlyDays.value >= 30 },
  };
}
