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
): MoveWindow | undefined {
  const leg = pace?.leg;
  if (!leg) return undefined;
  const hourStart = leg.start.value;
  const fastest = { from: leg.peakHour.value, to: leg.peakHour.value + leg.burstHours.value * HOUR };
  const base = { start: hourStart, resolutionMs: HOUR, fastest, end: leg.end.value };
  const interval = fine?.ok ? fine.coverage?.intervalMs : undefined;
  if (!fine?.ok || !interval || interval >= HOUR) return base;
  const inHour = fine.value.filter((c) => c.t >= hourStart && c.t + interval <= hourStart + HOUR);
  // only when the fine candles cover the whole first hour: otherwise the extreme may lie in what is missing
  if (inHour.length < Math.round(HOUR / interval)) return base;
  let ext = inHour[0]!;
  for (const c of inHour) if (down ? c.h > ext.h : c.l < ext.l) ext = c;
  return { ...base, start: ext.t, resolutionMs: interval };
}
