// Text on the chart that only the chart prints: axis prices ("$58k") and dates in a chosen time zone
// ("5 Aug 2024 06:00 UTC"). Prices and dollar amounts print through src/narrate/format.ts, as in the text.
// Pure; no clock reads.
import { ChartInputError } from './types.ts';

/** A price-axis tick, short: "$58k", "$57.5k", "$2,450", "$0.52". `step` is the axis tick spacing. */
export function formatAxisPrice(price: number, step: number): string {
  if (price >= 10_000) {
    const decimals = step >= 1000 ? 0 : step >= 100 ? 1 : 2;
    return `$${(price / 1000).toFixed(decimals)}k`;
  }
  const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
  return `$${price.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}`;
}

/** A count, compact: "950", "12.5K", "3.4M" (volume axis). */
export function formatCompact(n: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (n >= size) {
      const v = n / size;
      return `${v >= 10 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '')}${suffix}`;
    }
  }
  return n >= 10 || n === 0 ? n.toFixed(0) : n.toPrecision(2);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The same span, short, for file names: "6h", "1d", "7d" (rounded as the title counts it). */
export function spanShort(ms: number): string {
  if (ms < 36 * HOUR) return `${Math.max(1, Math.round(ms / HOUR))}h`;
  return `${Math.round(ms / DAY)}d`;
}

/** Formats dates on the chart in one time zone. */
export interface ChartDates {
  /** "5 Aug" */
  day(t: number): string;
  /** "2024-08-05" in the zone: tells where days change. */
  dayKey(t: number): string;
  /** "5 Aug 2024 06:00 UTC" */
  dateTime(t: number): string;
}

/** Date formatters for an IANA time zone; throws ChartInputError for an unknown zone. */
export function chartDates(timeZone = 'UTC', locale = 'en-GB'): ChartDates {
  const english = /^en\b/i.test(locale);
  let dayFmt: Intl.DateTimeFormat;
  let keyFmt: Intl.DateTimeFormat;
  let fullFmt: Intl.DateTimeFormat;
  try {
    dayFmt = new Intl.DateTimeFormat(english ? 'en-GB' : locale, { timeZone, day: 'numeric', month: 'short' });
    keyFmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    fullFmt = new Intl.DateTimeFormat(english ? 'en-GB' : locale, {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
  } catch {
    throw new ChartInputError(`Unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin.`);
  }
  return {
    day: (t) => dayFmt.format(t),
    dayKey: (t) => keyFmt.format(t),
    dateTime: (t) => fullFmt.format(t).replace(',', ''),
  };
}
