// Number and date formatting for people: $76,831, $2.16B, -4.4%, 2.7x, "5 August 2024" in English, and the same
// figures by any other locale through Intl (localeFormats). Pure; UTC only.
import type { Fact } from '../analyse/fact.ts';
import { MONTHS } from '../core/months.ts';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Digits after the point that keep `sig` significant digits of a value below 1 (0.5123, 0.00004217). */
function smallDecimals(v: number, sig: number): number {
  return Math.min(100, Math.max(0, sig - 1 - Math.floor(Math.log10(v))));
}

/**
 * A USD price: $76,831 from $1,000 up, $2.16 (or $742 when whole) from $1, four significant digits below ($0.5123).
 * The one formatter of prices: the articles, the replies and the chart's tags all print through it.
 */
export function formatPrice(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a >= 1000) return `${sign}$${grouped.format(Math.round(a))}`;
  if (a >= 1) return `${sign}$${a.toFixed(2).replace(/\.00$/, '')}`;
  if (a === 0) return '$0';
  return `${sign}$${a.toFixed(smallDecimals(a, 4))}`;
}

/** Compact dollars with three significant digits: $237M, $2.16B, $4.4B, $26B, $950K. */
const compactUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumSignificantDigits: 3,
});

/**
 * A USD amount in compact form, without sign: $237M, $2.16B, $4.4B, $26B; below $1,000 as a price ($950).
 * The one formatter of dollar amounts: the articles, the replies and the chart's labels all print through it.
 */
export function formatUsdAbs(v: number): string {
  const a = Math.abs(v);
  return a >= 999.5 ? compactUsd.format(a) : formatPrice(a);
}

/** A signed USD amount in compact form: -$26B, +$1.2M. */
export function formatUsdSigned(v: number): string {
  const abs = formatUsdAbs(v);
  return v < 0 ? `-${abs}` : v > 0 ? `+${abs}` : abs;
}

/** One decimal with thousands grouping. */
function oneDecimal(a: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(a);
}

/** A signed percentage with one decimal: -4.4%, +3.6%, 0.0%. */
export function formatPct(v: number): string {
  const body = oneDecimal(Math.abs(v));
  if (body === '0.0') return '0.0%';
  return `${v < 0 ? '-' : '+'}${body}%`;
}

/** A percentage without sign: 4.4%. */
export function formatPctAbs(v: number): string {
  return `${oneDecimal(Math.abs(v))}%`;
}

/** A share of a whole in percent: 62%, 8.5%. */
export function formatShare(v: number): string {
  return Math.abs(v) >= 10 ? `${grouped.format(Math.round(v))}%` : `${oneDecimal(v)}%`;
}

/** A funding rate in percent with four decimals: -0.0050%, +0.0100%. */
export function formatFunding(v: number): string {
  const body = Math.abs(v).toFixed(4);
  if (Number(body) === 0) return '0.0000%';
  return `${v < 0 ? '-' : '+'}${body}%`;
}

/** A ratio as a multiple: 2.7x (whole numbers from 100x). */
export function formatMultiple(v: number): string {
  return Math.abs(v) >= 100 ? `${grouped.format(Math.round(v))}x` : `${v.toFixed(1)}x`;
}

/** A unitless statistic with two decimals: 0.85, -0.12. */
export function formatCoefficient(v: number): string {
  const s = v.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** A whole number with grouping: 3, 1,000. */
export function formatCount(v: number): string {
  return grouped.format(Math.round(v));
}

/** A UTC date: "5 August 2024". */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * A UTC date and time to the nearest minute: "5 August 2024, 07:00 UTC". Exchanges stamp a period's close
 * one millisecond before the next period (06:59:59.999); rounding prints it as the 07:00 close it is.
 */
export function formatDateTime(ms: number): string {
  const minute = Math.round(ms / 60_000) * 60_000;
  const d = new Date(minute);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${formatDate(minute)}, ${hh}:${mm} UTC`;
}

/** A UTC time of day to the nearest minute: "06:00 UTC" (the same rounding as formatDateTime). */
export function formatTime(ms: number): string {
  return formatDateTime(ms).split(', ')[1]!;
}

/**
 * How a fact prints: `signed` keeps the sign of changes, `abs` drops it (for "fell 4.4%"); `time` prints a
 * datetime as its time of day only ("06:00 UTC"), for sentences that already say which day.
 */
export type FactStyle = 'signed' | 'abs' | 'time' | 'ordinal';

const ORDINALS = [
  'zeroth',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

/** A whole number as an ordinal: "fourth" up to ten, then "11th", "22nd", "23rd". */
export function formatOrdinal(v: number): string {
  const n = Math.round(v);
  if (n >= 0 && n < ORDINALS.length) return ORDINALS[n]!;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${formatCount(n)}${suffix}`;
}

/** Every printing of numbers and dates, for one locale. */
export interface Formats {
  price(v: number): string;
  usdAbs(v: number): string;
  pct(v: number): string;
  pctAbs(v: number): string;
  share(v: number): string;
  funding(v: number): string;
  multiple(v: number): string;
  coefficient(v: number): string;
  count(v: number): string;
  /** An ordinal; null where the language spells ordinals through its messages. */
  ordinal(v: number): string | null;
  date(ms: number): string;
  dateTime(ms: number): string;
  time(ms: number): string;
}

/** The English formats (the functions above). */
export const englishFormats: Formats = {
  price: formatPrice,
  usdAbs: formatUsdAbs,
  pct: formatPct,
  pctAbs: formatPctAbs,
  share: formatShare,
  funding: formatFunding,
  multiple: formatMultiple,
  coefficient: formatCoefficient,
  count: formatCount,
  ordinal: formatOrdinal,
  date: formatDate,
  dateTime: formatDateTime,
  time: formatTime,
};

/**
 * The same figures by another locale through Intl: the same rounding as English (whole dollars from $1,000, two
 * decimals from $1, four significant digits below; compact dollars to three significant digits; one decimal for
 * percentages, four for funding), with the locale's digits, separators, signs and currency placement.
 */
export function localeFormats(locale: string): Formats {
  const num = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o);
  const usd = { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol' } as const;
  const whole = num({ ...usd, maximumFractionDigits: 0, minimumFractionDigits: 0 });
  const cents = num({ ...usd, maximumFractionDigits: 2, minimumFractionDigits: 2 });
  const plain = num({ ...usd, maximumFractionDigits: 0, minimumFractionDigits: 0 });
  const small = num({ ...usd, maximumSignificantDigits: 4 });
  const compact = num({ ...usd, notation: 'compact', maximumSignificantDigits: 3 });
  const pct1 = num({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const pct1Abs = num({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pct0Abs = num({ style: 'percent', maximumFractionDigits: 0 });
  const pct4 = num({ style: 'percent', minimumFractionDigits: 4, maximumFractionDigits: 4, signDisplay: 'exceptZero' });
  const dec1 = num({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dec2 = num({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const int = num({ maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const clock = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  });
  const minute = (ms: number) => Math.round(ms / 60_000) * 60_000;
  const price = (v: number) => {
    const a = Math.abs(v);
    const body =
      a >= 1000
        ? whole.format(a)
        : a >= 1
          ? (Number.isInteger(Math.round(a * 100) / 100) ? plain : cents).format(a)
          : a === 0
            ? plain.format(0)
            : small.format(a);
    return v < 0 ? `-${body}` : body;
  };
  return {
    price,
    usdAbs: (v) => (Math.abs(v) >= 999.5 ? compact.format(Math.abs(v)) : price(Math.abs(v))),
    pct: (v) => pct1.format(Math.round(v * 10) / 1000),
    pctAbs: (v) => pct1Abs.format(Math.abs(v) / 100),
    share: (v) => (Math.abs(v) >= 10 ? pct0Abs : pct1Abs).format(v / 100),
    funding: (v) => pct4.format(Math.round(v * 1e4) / 1e6),
    multiple: (v) => `${Math.abs(v) >= 100 ? int.format(Math.round(v)) : dec1.format(v)}×`,
    coefficient: (v) => dec2.format(Math.abs(v) < 0.005 ? 0 : v),
    count: (v) => int.format(Math.round(v)),
    ordinal: () => null,
    date: (ms) => day.format(ms),
    // the date, then the time: "5 августа 2024 г., 07:00 UTC"; CJK dates take no comma ("2024年8月5日 07:00 UTC")
    dateTime: (ms) =>
      `${day.format(minute(ms))}${/^(zh|ja|ko)/.test(locale) ? ' ' : ', '}${clock.format(minute(ms))} UTC`,
    time: (ms) => `${clock.format(minute(ms))} UTC`,
  };
}

/** Print a fact by its unit, with a locale's formats (English by default). */
export function formatFact(f: Fact, style: FactStyle = 'signed', fm: Formats = englishFormats): string {
  const v = f.value;
  switch (f.unit) {
    case 'price':
      return fm.price(style === 'abs' ? Math.abs(v) : v);
    case 'usd':
      return style === 'abs' ? fm.usdAbs(v) : v < 0 ? `-${fm.usdAbs(v)}` : fm.usdAbs(v);
    case 'pct':
      return style === 'abs' ? fm.pctAbs(v) : fm.pct(v);
    case 'share':
      return fm.share(v);
    case 'funding':
      return fm.funding(v);
    case 'multiple':
      return fm.multiple(style === 'abs' ? Math.abs(v) : v);
    case 'coefficient':
      return fm.coefficient(v);
    case 'count':
    case 'days':
      return (style === 'ordinal' ? fm.ordinal(v) : null) ?? fm.count(v);
    case 'index':
      return fm.count(v);
    case 'date':
      return fm.date(v);
    case 'datetime':
      return style === 'time' ? fm.time(v) : fm.dateTime(v);
  }
}
