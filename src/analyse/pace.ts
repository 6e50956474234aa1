// Timing and pace of the day's move: the worst leg (largest peak-to-trough fall, or trough-to-peak rise) in the
// past 24 hours of hourly candles, how long it took, the hour and session of its heaviest candle, and whether
// the last three hours still go the day's way.
import type { Candle } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { MoveDirection, PaceFacts } from './facts.ts';
import { DAY, HOUR, sessionOf, windowOf } from './spans.ts';

/** What the pace reads. */
export interface PaceInputs {
  coin: string;
  hourly: Candle[];
  source: string;
  direction: MoveDirection;
}

/** The largest fall (or rise) from one candle's high (low) to a later candle's low (high): [start, end, size]. */
export function worstLeg(
  candles: readonly Candle[],
  down: boolean,
): { i: number; j: number; size: number } | undefined {
  let best: { i: number; j: number; size: number } | undefined;
  let ext = 0;
  for (let j = 0; j < candles.length; j++) {
    const c = candles[j]!;
    if (down ? c.h > candles[ext]!.h : c.l < candles[ext]!.l) ext = j;
    const size = down ? candles[ext]!.h - c.l : c.h - candles[ext]!.l;
    if (size > 0 && (!best || size > best.size)) best = { i: ext, j, size };
  }
  return best;
}

/** Pace facts, or undefined on a flat day or without a day of hourly data. */
export function paceFacts(inp: PaceInputs): PaceFacts | undefined {
  const last = inp.hourly[inp.hourly.length - 1];
  if (!last || inp.direction === 'flat') return undefined;
  const end = last.t + HOUR;
  const w = windowOf(inp.hourly, HOUR, end, DAY);
  if (!w) return undefined;
  const { coin } = inp;
  const down = inp.direction === 'down';
  const src = `computed from ${inp.source}`;
  const out: PaceFacts = {};
  const leg = worstLeg(w.candles, down);
  if (leg) {
    const a = w.candles[leg.i]!;
    const b = w.candles[leg.j]!;
    // The fastest stretch: the largest move the day's way within two consecutive hours (high to low, or low to high).
    let burst = { t: a.t, size: 0, hours: 1 };
    for (let k = 0; k < w.candles.length; k++) {
      const c = w.candles[k]!;
      // Within one candle only the open is known to come first: open to low (high) is a real fall (rise).
      const single = down ? c.o - c.l : c.h - c.o;
      if (single > burst.size) burst = { t: c.t, size: single, hours: 1 };
      const n = w.candles[k + 1];
      if (n && n.t - c.t === HOUR) {
        const two = down ? c.h - n.l : n.h - c.l;
        if (two > burst.size * 1.15) burst = { t: c.t, size: two, hours: 2 };
      }
    }
    const heaviest = { t: burst.t };
    const span = { from: a.t, to: b.t + HOUR };
    const from = fact(
      `${coin}.leg.from`,
      `${coin} price at the start of the leg`,
      down ? a.h : a.l,
      'price',
      inp.source,
      end,
      span,
    );
    const to = fact(
      `${coin}.leg.to`,
      `${coin} price at the end of the leg`,
      down ? b.l : b.h,
      'price',
      inp.source,
      end,
      span,
    );
    const size = fact(`${coin}.leg.size`, `${coin} size of the leg`, leg.size, 'price', src, end, span);
    const hours = fact(`${coin}.leg.hours`, `${coin} hours the leg took`, leg.j - leg.i + 1, 'count', src, end, span);
    const start = fact(`${coin}.leg.start`, `${coin} start of the leg`, a.t, 'datetime', inp.source, end);
    const stop = fact(`${coin}.leg.end`, `${coin} end of the leg`, b.t + HOUR, 'datetime', inp.source, end);
    const peakHour = fact(
      `${coin}.leg.burstStart`,
      `${coin} start of the fastest stretch`,
      heaviest.t,
      'datetime',
      inp.source,
      end,
    );
    const burstSpan = { from: burst.t, to: burst.t + burst.hours * HOUR };
    const burstSize = fact(
      `${coin}.leg.burstSize`,
      `${coin} size of the fastest stretch`,
      burst.size,
      'price',
      src,
      end,
      burstSpan,
    );
    const burstHours = fact(
      `${coin}.leg.burstHours`,
      `${coin} hours of the fastest stretch`,
      burst.hours,
      'count',
      src,
      end,
      burstSpan,
    );
    if (from && to && size && hours && start && stop && peakHour && burstSize && burstHours)
      out.leg = {
        from,
        to,
        size,
        hours,
        start,
        end: stop,
        peakHour,
        burstSize,
        burstHours,
        session: sessionOf(heaviest.t),
      };
  }
  // The last three hours, only when they are three consecutive candles ending at the last close.
  const recentW = windowOf(inp.hourly, HOUR, end, 3 * HOUR);
  if (recentW?.full) {
    const ch = (last.c / recentW.candles[0]!.o - 1) * 100;
    const change = fact(
      `${coin}.recent.change`,
      `${coin} change over the last three hours`,
      ch,
      'pct',
      src,
      end,
      recentW.span,
    );
    const hours = fact(`${coin}.recent.hours`, 'Hours looked at', 3, 'count', src, end, recentW.span);
    const state = ch <= -0.5 ? 'falling' : ch >= 0.5 ? 'rising' : 'steady';
    // The last hour turned back against the three-hour move (closed at least 1% off its own low, or high).
    const turned = state === 'falling' ? last.c >= last.l * 1.01 : state === 'rising' ? last.c <= last.h * 0.99 : false;
    if (change && hours) out.recent = { change, hours, state, turned };
  }
  return out.leg || out.recent ? out : undefined;
}
