// A Fact: one number derived from market data, with its unit, source and time. Narrate turns Facts into Figures.
// Facts are the only way a number can reach an article.

/**
 * How a fact's value is meant to be read (and printed by narrate):
 * - `price`: a USD price ($76,831); `usd`: a USD amount (compact, $2.16B);
 * - `pct`: a percentage change (-4.4 means -4.4%); `share`: a share in percent (62 means 62%);
 * - `funding`: a funding rate in percent per interval (-0.005 means -0.0050%);
 * - `multiple`: a ratio shown as "2.4x"; `coefficient`: a unitless statistic shown as "0.85";
 * - `count`: a whole number; `days`: a number of days; `index`: an index value (Fear & Greed);
 * - `date` / `datetime`: epoch ms, printed as a UTC date (and time).
 */
export type FactUnit =
  | 'price'
  | 'usd'
  | 'pct'
  | 'share'
  | 'funding'
  | 'multiple'
  | 'coefficient'
  | 'count'
  | 'days'
  | 'index'
  | 'date'
  | 'datetime';

/** One derived number with its provenance. */
export interface Fact {
  /** Stable id, e.g. "BTC.price", "basket.change24h", "liq.24h.longs". */
  id: string;
  /** What it is, for people: "BTC price". */
  label: string;
  /** The value, always finite. */
  value: number;
  unit: FactUnit;
  /** Where it came from, e.g. "Binance USD-M fetchTickers" or "computed from Binance USD-M hourly candles". */
  source: string;
  /** Epoch ms of the data the fact describes. */
  asOf: number;
  /**
   * For a figure over a window of data: the period the data behind it really covers (epoch ms, from the open of
   * the first candle used to the close of the last). "Over 24 hours" may only be said when to - from is 24 h.
   */
  span?: DataSpan | undefined;
}

/** A period of data: from the open of the first candle used to the close of the last. */
export interface DataSpan {
  from: number;
  to: number;
}

/** The largest epoch ms a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

/** Build a Fact, or undefined when the value or time is not a finite number (so missing data can never print). */
export function fact(
  id: string,
  label: string,
  value: number,
  unit: FactUnit,
  source: string,
  asOf: number,
  span?: DataSpan,
): Fact | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(asOf)) return undefined;
  if ((unit === 'date' || unit === 'datetime') && Math.abs(value) > MAX_DATE_MS) return undefined;
  if (span && !(Number.isFinite(span.from) && Number.isFinite(span.to) && span.to > span.from)) return undefined;
  return span ? { id, label, value, unit, source, asOf, span } : { id, label, value, unit, source, asOf };
}
