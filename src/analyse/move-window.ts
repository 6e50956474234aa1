// The move that headlines and events are lined up against: when the leg began (to the minute when finer candles
// cover its first hour: the minute of its high before a fall, of its low before a rise), its fastest stretch and
// its end, from the pace facts. Pure.
import type { Candle, Part } from '../gather/types.ts';
import type { PaceFacts } from './facts.ts';
import type { MoveWindow } from './news.ts';
import { HOUR } from './spans.ts';

/** The move window, or undefined without a leg (a flat day, or too little data). */
export function moveWindow(
  pace: PaceFacts | undefined,
  down: boolean,
  fine: Part<Candle[]> | undefined,
  source: string,
): MoveWindow | undefined {
  const leg = pace?.leg;
  if (!leg) return undefined;
  const hourStart = leg.start.value;
  // the fastest stretch's own span (read from the price path at its finest resolution)
  const fastest = { from: leg.peakHour.value, to: leg.burstSize.span?.to ?? leg.peakHour.value + HOUR };
  const base = { start: hourStart, resolutionMs: HOUR, fastest, end: leg.end.value, source };
  const interval = fine?.ok ? fine.coverage?.intervalMs : undefined;
  if (!fine?.ok || !interval || interval >= HOUR) return base;
  const covered = (from: number, to: number) => {
    const inside = fine.value.filter((c) => c.t >= from && c.t + interval <= to);
    // only when the fine candles cover the whole stretch: otherwise the extreme may lie in what is missing
    return inside.length >= Math.round((to - from) / interval) ? inside : undefined;
  };
  const firstHour = covered(hourStart, hourStart + HOUR);
  const burst = covered(fastest.from, fastest.to);
  if (!firstHour || !burst) return base;
  // the move began at the first hour's extreme (its high before a fall); the fastest stretch at the extreme that
  // came before the stretch's own far end
  const start = extreme(firstHour, down);
  const far = extreme(burst, !down);
  const burstStart = extreme(
    burst.filter((c) => c.t <= far.t),
    down,
  );
  return {
    ...base,
    start: start.t,
    resolutionMs: interval,
    fastest: { from: burstStart.t, to: fastest.to },
    source: fine.source,
  };
}

/** The candle with the highest high (`high`) or the lowest low. */
function extreme(candles: readonly Candle[], high: boolean): Candle {
  let ext = candles[0]!;
  for (const c of candles) if (high ? c.h > ext.h : c.l < ext.l) ext = c;
  return ext;
}
