// "Lowest since <date>" / "highest since <date>" from daily candles, honest about how far back the data goes.
import type { Candle } from '../gather/types.ts';
import type { ExtremeFacts, MoveDirection } from './facts.ts';
import { fact, type Fact } from './fact.ts';
import type { AnalysisOptions } from './options.ts';

const DAY = 86_400_000;

/** Everything the extreme needs. `daily` are closed candles, oldest first. */
export interface ExtremeInputs {
  coin: string;
  price: Fact;
  direction: MoveDirection;
  daily: Candle[];
  dailySource: string;
  now: number;
  opts: AnalysisOptions['extremes'];
}

/**
 * On a fall: the last day whose low was at or below today's price ("lowest since that day"); on a rise, the same
 * with highs. When no day in the data was that low (high), says how many days of data there are instead.
 * Undefined on a flat day, when the date is too recent to matter, or when there is too little data.
 */
export function extremeSince(inp: ExtremeInputs): ExtremeFacts | undefined {
  const { direction, daily, price, coin } = inp;
  if (direction === 'flat' || daily.length === 0) return undefined;
  const kind = direction === 'down' ? 'lowest' : 'highest';
  const last = daily[daily.length - 1]!;
  const asOf = last.t + DAY;
  const source = `computed from ${inp.dailySource}`;
  let idx = -1;
  for (let i = daily.length - 1; i >= 0; i--) {
    const c = daily[i]!;
    if (kind === 'lowest' ? c.l <= price.value : c.h >= price.value) {
      idx = i;
      break;
    }
  }
  if (idx >= 0) {
    const day = daily[idx]!;
    if ((inp.now - day.t) / DAY < inp.opts.minAgeDays) return undefined;
    const since = fact(`${coin}.${kind}Since`, `${coin} ${kind} since`, day.t, 'date', source, asOf);
    return since ? { kind, since } : undefined;
  }
  if (daily.length < inp.opts.minDataDays) return undefined;
  const dataDays = fact(`${coin}.dataDays`, `Days of ${coin} daily data`, daily.length, 'days', source, asOf);
  return dataDays ? { kind, dataDays } : undefined;
}
