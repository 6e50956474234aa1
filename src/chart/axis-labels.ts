// Where the time axis gets a label and a faint vertical line: at the first candle of a day (in the chart's
// time zone), thinned out so labels never crowd at preview size.
import type { ChartDates } from './format.ts';

/**
 * Indexes of the candles that start a day and carry a label. With `maxLabels` room, every k-th day is labelled.
 * The first candle is labelled only when it opens a day exactly (a partial day at the left edge is not).
 */
export function dayLabelIndexes(times: readonly number[], dates: ChartDates, maxLabels: number): Set<number> {
  const starts: number[] = [];
  times.forEach((t, i) => {
    const prev = times[i - 1];
    if (prev === undefined ? dates.dayKey(t) !== dates.dayKey(t - 1) : dates.dayKey(t) !== dates.dayKey(prev))
      starts.push(i);
  });
  const every = Math.max(1, Math.ceil(starts.length / Math.max(1, maxLabels)));
  // Keep the newest day labelled: count back from the last day start.
  return new Set(starts.filter((_, k) => (starts.length - 1 - k) % every === 0));
}
