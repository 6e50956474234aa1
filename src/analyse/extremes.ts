// "Lowest since <date>" / "highest since <date>", measured on intraday prices from the finest candles available:
// the past 24 hours' low (high) against every earlier candle's low (high), hourly where there are hourly candles
// and daily before that. Honest about how far back the data goes.
import type { Candle } from '../gather/types.ts';
import type { DayRangeFacts, ExtremeFacts, MoveDirection } from './facts.ts';
import { fact } from './fact.ts';
import type { AnalysisOptions } from './options.ts';
import { DAY, HOUR, spanDays } from './spans.ts';

/** Everything the extreme needs. Candles are closed, oldest first. */
export interface ExtremeInputs {
  coin: string;
  direction: MoveDirection;
  dayRange: DayRangeFacts;
  hourly: Candle[];
  hourlySource: string;
  daily: Candle[];
  dailySource: string;
  now: number;
  opts: AnalysisOptions['extremes'];
}

/** A candle from before `before`, with the source it came from; hourly ones first (newest first), then older daily ones. */
export interface EarlierCandle {
  candle: Candle;
  source: string;
}

/** Candles that closed by `before`, newest first: hourly ones, then daily ones that closed before the first hourly. */
export function earlierCandles(
  hourly: readonly Candle[],
  hourlySource: string,
  daily: readonly Candle[],
  dailySource: string,
  before: number,
): EarlierCandle[] {
  const h = hourly.filter((c) => c.t + HOUR <= before);
  const firstHourly = hourly[0]?.t ?? before;
  const d = daily.filter((c) => c.t + DAY <= Math.min(before, firstHourly));
  return [
    ...h.reverse().map((candle) => ({ candle, source: hourlySource })),
    ...d.reverse().map((candle) => ({ candle, source: dailySource })),
  ];
}

/**
 * On a fall, the last time any earlier candle traded at or below the day's low ("lowest since"); on a rise, the
 * same with highs. When nothing in the data went that far, how many days of data there are (a record in the data).
 * On a flat day only a record is reported. Undefined when the date is too recent to matter or data is too short.
 */
export function extremeSince(inp: ExtremeInputs): ExtremeFacts | undefined {
  const { coin, dayRange } = inp;
  const earlier = earlierCandles(inp.hourly, inp.hourlySource, inp.daily, inp.dailySource, dayRange.window.span.from);
  const kinds: Array<'lowest' | 'highest'> =
    inp.direction === 'down' ? ['lowest'] : inp.direction === 'up' ? ['highest'] : ['highest', 'lowest'];
  const asOf = dayRange.window.span.to;
  for (const kind of kinds) {
    const price = kind === 'lowest' ? dayRange.low : dayRange.high;
    const hit = earlier.find((e) => (kind === 'lowest' ? e.candle.l <= price.value : e.candle.h >= price.value));
    if (hit) {
      if (inp.direction === 'flat') continue;
      if ((inp.now - hit.candle.t) / DAY < inp.opts.minAgeDays) return undefined;
      const since = fact(
        `${coin}.${kind}Since`,
        `${coin} ${kind} since`,
        hit.candle.t,
        'date',
        `computed from ${hit.source}`,
        asOf,
      );
      return since ? { kind, price, since } : undefined;
    }
    const oldest = earlier[earlier.length - 1]?.candle.t;
    if (oldest === undefined) continue;
    const span = { from: oldest, to: asOf };
    const days = spanDays(span);
    if (days < inp.opts.minDataDays) continue;
    const src = `computed from ${[inp.hourlySource, inp.dailySource].filter(Boolean).join(' and ')}`;
    const dataDays = fact(`${coin}.dataDays`, `Days of ${coin} data`, days, 'days', src, asOf, span);
    if (dataDays) return { kind, price, dataDays };
  }
  return undefined;
}
