// The key figures of an article: short label/value pairs (Discord fields, Telegram list lines).
// Labels carry no digits; every value is built from figure texts.
import type { Facts } from '../analyse/facts.ts';
import type { KeyFigure } from '../core/document.ts';
import type { FigureBook } from './figure-book.ts';
import { sentimentClass } from './sections/market.ts';

/** Most key figures any article shows (Discord allows 25 fields). */
export const MAX_KEY_FIGURES = 20;

/** Key figures for the form: prices and levels always; liquidations, open interest, funding, sentiment in full. */
export function keyFigures(f: Facts, form: 'short' | 'full', book: FigureBook): KeyFigure[] {
  const out: KeyFigure[] = [];
  const w = book.words;
  const maxCoins = form === 'short' ? 8 : 12;
  for (const c of f.coins.slice(0, maxCoins)) {
    const price = book.text(c.price);
    const change = book.text(c.change24h);
    if (!price && !change) continue;
    out.push({ label: c.coin, text: price && change ? `${price} (${change})` : (price ?? change)! });
  }
  if (f.basket && f.basket.coins.length >= 2 && f.move === f.basket.change24h) {
    const t = book.text(f.basket.change24h);
    if (t) out.push({ label: w.t('key.basket'), text: t });
  }
  const low = book.text(f.dayRange?.low);
  const high = book.text(f.dayRange?.high);
  // The day's range from the finest candles, labelled with its real span when it is not a whole day.
  if (low && high && f.dayRange)
    out.push({
      label: w.t(f.dayRange.window.full ? 'key.day_range' : 'key.range_partial'),
      text: `${low} – ${high}`,
    });
  const supports = f.levels.supports.map((l) => book.text(l.price)).filter((t): t is string => !!t);
  if (supports.length) out.push({ label: w.t('key.support'), text: supports.join(' · ') });
  const res = book.text(f.levels.resistance?.price);
  if (res) out.push({ label: w.t('key.resistance'), text: res });
  if (form === 'full') {
    const l = f.liquidations;
    const total = book.text(l?.day.total);
    if (l && total) {
      const side = book.text(l.side === 'long' ? l.day.longs : l.day.shorts);
      out.push({
        label: w.t('key.liquidated'),
        text: side ? w.t('key.liquidated_value', { total, side: l.side, amount: side }) : total,
      });
    }
    const oi = f.openInterest;
    const oiNow = book.text(oi?.now);
    if (oi && oiNow) {
      const ch = book.text(oi.change24hPct);
      out.push({
        label: w.t('key.open_interest'),
        text: ch ? w.t('key.open_interest_value', { now: oiNow, change: ch }) : oiNow,
      });
    }
    const fm = book.text(f.funding?.mean);
    if (fm) out.push({ label: w.t('key.funding'), text: fm });
    const s = f.sentiment;
    const sv = book.text(s?.value);
    if (s && sv)
      out.push({
        label: w.t('key.sentiment'),
        text: w.t('key.sentiment_value', { value: sv, classification: sentimentClass(s.classification, book) }),
      });
  }
  return out.slice(0, MAX_KEY_FIGURES);
}
