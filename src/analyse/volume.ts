// Volume against its own norm, from the candles' volume column: the mean hourly volume during the day's worst
// leg (or the past day) over the mean hourly volume of all the hourly data. Left out when the column is empty.
import type { Candle } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { PaceFacts, VolumeFacts } from './facts.ts';
import { mean } from './stats.ts';
import { dataWindow, DAY, HOUR, windowOf } from './spans.ts';

/** What the volume comparison reads. */
export interface VolumeInputs {
  coin: string;
  hourly: Candle[];
  source: string;
  pace?: PaceFacts | undefined;
}

/** Volume facts, or undefined when volume is zero or missing anywhere it is needed, or the norm is under 3 days. */
export function volumeFacts(inp: VolumeInputs): VolumeFacts | undefined {
  const last = inp.hourly[inp.hourly.length - 1];
  if (!last) return undefined;
  const end = last.t + HOUR;
  const all = windowOf(inp.hourly, HOUR, end, 30 * DAY);
  if (!all || all.span.to - all.span.from < 3 * DAY) return undefined;
  // A zero in the column means "not recorded" (mark and index klines), not "no trades": no claim then.
  if (all.candles.some((c) => !(c.v > 0))) return undefined;
  const base = mean(all.candles.map((c) => c.v));
  const leg = inp.pace?.leg;
  const legCandles = leg ? all.candles.filter((c) => c.t >= leg.start.value && c.t + HOUR <= leg.end.value) : [];
  const day = windowOf(inp.hourly, HOUR, end, DAY);
  const during = legCandles.length > 0 ? 'leg' : 'day';
  const sample = during === 'leg' ? legCandles : (day?.candles ?? []);
  if (sample.length === 0 || !(base > 0)) return undefined;
  const src = `computed from ${inp.source}`;
  const span = { from: sample[0]!.t, to: sample[sample.length - 1]!.t + HOUR };
  const ratio = fact(
    `${inp.coin}.volume.ratio`,
    `${inp.coin} hourly volume against its norm`,
    mean(sample.map((c) => c.v)) / base,
    'multiple',
    src,
    end,
    span,
  );
  const baseline = dataWindow(`${inp.coin}.volume.baseline`, all.span, 30 * DAY, all.full, src);
  return ratio && baseline ? { ratio, during, baseline } : undefined;
}
