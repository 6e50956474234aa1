// The words printed on a chart image, in the article's language: built from the language's chart.* messages
// (carried in the chart input, so a worker thread can use them) or, without them, in English.
import { formatPrice, localeFormats } from '../narrate/format.ts';
import { Words } from '../narrate/words.ts';
import type { ChartLanguage } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Every phrase a chart prints. */
export interface ChartWords {
  /** BCP 47 locale for dates on the chart. */
  locale: string;
  /** A price as the language prints it ("$76,831", "76 831 $"). */
  price(v: number): string;
  title(coin: string, spanMs: number): string;
  candles(intervalShort: string): string;
  dataTo(when: string): string;
  volumeSeries: string;
  volume(coin: string, intervalMs: number): string;
  longs: string;
  shorts: string;
  keyLongs: string;
  keyShorts: string;
  liquidations(coin: string, intervalMs: number): string;
  replay(when: string): string;
  last(price: string): string;
  level(kind: 'support' | 'resistance' | 'broken'): string;
  alt(coin: string, spanMs: number, withLevels: boolean, replay: boolean, when: string): string;
}

/** A span as whole hours under a day and a half, else whole days (how the title counts it). */
function spanParts(ms: number): { unit: 'hours' | 'days'; n: number } {
  return ms < 36 * HOUR
    ? { unit: 'hours', n: Math.max(1, Math.round(ms / HOUR)) }
    : { unit: 'days', n: Math.round(ms / DAY) };
}

/** An interval as a count of its largest whole unit. */
function intervalParts(ms: number): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  if (ms % DAY === 0) return { unit: 'days', n: ms / DAY };
  if (ms % HOUR === 0) return { unit: 'hours', n: ms / HOUR };
  return { unit: 'minutes', n: Math.round(ms / 60_000) };
}

/** The chart's words in `language` (its chart.* messages), or English. */
export function chartWords(language?: ChartLanguage): ChartWords {
  if (language === undefined) return ENGLISH;
  const w = new Words(language.code, language.locale, language.messages);
  const span = (ms: number) => {
    const p = spanParts(ms);
    return w.t(`chart.span_${p.unit}`, { n: p.n });
  };
  const interval = (ms: number) => {
    const p = intervalParts(ms);
    return w.t(`chart.interval_${p.unit}`, { n: p.n });
  };
  const fm = localeFormats(language.locale);
  return {
    locale: language.locale,
    price: (v) => fm.price(v),
    title: (coin, ms) => w.t('chart.title', { coin, span: span(ms) }),
    candles: (i) => w.t('chart.candles', { interval: i }),
    dataTo: (when) => w.t('chart.data_to', { when }),
    volumeSeries: w.t('chart.volume_series'),
    volume: (coin, ms) => w.t('chart.volume', { coin, interval: interval(ms) }),
    longs: w.t('chart.longs'),
    shorts: w.t('chart.shorts'),
    keyLongs: w.t('chart.key_longs'),
    keyShorts: w.t('chart.key_shorts'),
    liquidations: (coin, ms) => w.t('chart.liquidations', { coin, interval: interval(ms) }),
    replay: (when) => w.t('chart.replay', { when }),
    last: (price) => w.t('chart.last', { price }),
    level: (kind) => w.t(`chart.level_${kind}`),
    alt: (coin, ms, withLevels, replay, when) => {
      const alt = w.t(withLevels ? 'chart.alt_levels' : 'chart.alt', { coin, span: span(ms), when });
      return replay ? w.t('chart.alt_replay', { alt }) : alt;
    },
  };
}

/** English, as the chart has always printed it. */
const ENGLISH: ChartWords = (() => {
  const span = (ms: number) => {
    const p = spanParts(ms);
    return `${p.n} ${p.unit === 'hours' ? (p.n === 1 ? 'hour' : 'hours') : p.n === 1 ? 'day' : 'days'}`;
  };
  const interval = (ms: number) => {
    const p = intervalParts(ms);
    const one = { minutes: 'minute', hours: 'hour', days: 'day' }[p.unit];
    return p.n === 1 && p.unit !== 'minutes' ? one : `${p.n} ${p.unit}`;
  };
  return {
    locale: 'en-GB',
    price: formatPrice,
    title: (coin, ms) => `${coin} price, last ${span(ms)}`,
    candles: (i) => `${i} candles`,
    dataTo: (when) => `data to ${when}`,
    volumeSeries: 'Volume',
    volume: (coin, ms) => `Volume, ${coin} traded per ${interval(ms)}`,
    longs: 'Longs liquidated',
    shorts: 'Shorts liquidated',
    keyLongs: 'longs',
    keyShorts: 'shorts',
    liquidations: (coin, ms) => `${coin} liquidations per ${interval(ms)}, at least (collected by whybot)`,
    replay: (when) => `REPLAY of ${when}`,
    last: (price) => `Last ${price}`,
    level: (kind) => ({ support: 'Support', resistance: 'Resistance', broken: 'Broken' })[kind],
    alt: (coin, ms, withLevels, replay, when) =>
      `${replay ? 'Replay: ' : ''}${coin} price chart, last ${span(ms)}${withLevels ? ' with the support and resistance levels named in the text' : ''}; data to ${when}.`,
  };
})();
