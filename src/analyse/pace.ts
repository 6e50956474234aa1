// Timing and pace of the day's move, read from the one price path at its finest resolution: the worst leg (largest
// peak-to-trough fall, or trough-to-peak rise) of the past 24 hours, traced back to its real start when the
// selling (buying) began before the window, the fastest stretch and its trading session, and what the last
// hours did (still falling, bouncing off the low, steady).
import { fact, type Fact } from './fact.ts';
import type { MoveDirection, PaceFacts } from './facts.ts';
import { computedFrom } from './day-range.ts';
import { closeOf, fastestStretch, pathWindow, worstLeg, type PathCandle } from './price-path.ts';
import { sessionOf } from './sessions.ts';
import { DAY, HOUR } from './spans.ts';

/** What the pace reads. */
export interface PaceInputs {
  coin: string;
  path: readonly PathCandle[];
  direction: MoveDirection;
}

const MINUTE = 60_000;

/** A length of time as a figure: whole minutes below two hours, whole hours below two days, whole days from there. */
export interface Duration {
  value: Fact;
  unit: 'minutes' | 'hours' | 'days';
}

/** The duration of a span of data as a figure, or undefined when it is not a positive length. */
export function durationFact(id: string, label: string, span: { from: number; to: number }, source: string) {
  const ms = span.to - span.from;
  const unit = ms < 2 * HOUR ? 'minutes' : ms < 2 * DAY ? 'hours' : 'days';
  const n = Math.round(ms / (unit === 'minutes' ? MINUTE : unit === 'hours' ? HOUR : DAY));
  const value =
    n > 0 ? fact(id, `${label} (${unit})`, n, unit === 'days' ? 'days' : 'count', source, span.to, span) : undefined;
  return value ? ({ value, unit } satisfies Duration) : undefined;
}

/**
 * The real start of a leg that begins at the first candle of the window: walking back from `i`, the highest high
 * (lowest low) before it, for as long as the price stayed in the leg's upper (lower) half. A price back in the
 * other half marks an earlier swing, and the walk stops there.
 */
export function traceLegStart(path: readonly PathCandle[], i: number, end: number, down: boolean): number {
  let best = i;
  for (let k = i - 1; k >= 0; k--) {
    const c = path[k]!;
    const top = down ? path[best]!.h : path[best]!.l;
    const half = end + (top - end) / 2;
    if (down ? c.l < half : c.h > half) break;
    if (k < i && closeOf(c) < path[k + 1]!.t) break; // a hole in the data: no tracing across it
    if (down ? c.h > top : c.l < top) best = k;
  }
  return best;
}

/** Pace facts, or undefined on a flat day or without a day of data. */
export function paceFacts(inp: PaceInputs): PaceFacts | undefined {
  const last = inp.path[inp.path.length - 1];
  if (!last || inp.direction === 'flat') return undefined;
  const end = closeOf(last);
  const w = pathWindow(inp.path, end, DAY);
  if (!w) return undefined;
  const { coin } = inp;
  const down = inp.direction === 'down';
  const out: PaceFacts = {};
  const found = worstLeg(w.candles, down);
  const burst = fastestStretch(w.candles, down);
  if (found && burst) {
    const offset = inp.path.indexOf(w.candles[0]!);
    const traced =
      found.i === 0
        ? traceLegStart(inp.path, offset, down ? w.candles[found.j]!.l : w.candles[found.j]!.h, down)
        : offset + found.i;
    const a = inp.path[traced]!;
    const b = w.candles[found.j]!;
    const span = { from: a.t, to: closeOf(b) };
    const legSrc = computedFrom(inp.path.slice(traced, offset + found.j + 1));
    const fromP = down ? a.h : a.l;
    const toP = down ? b.l : b.h;
    const from = fact(`${coin}.leg.from`, `${coin} price at the start of the leg`, fromP, 'price', a.source, end, span);
    const to = fact(`${coin}.leg.to`, `${coin} price at the end of the leg`, toP, 'price', b.source, end, span);
    const size = fact(`${coin}.leg.size`, `${coin} size of the leg`, Math.abs(toP - fromP), 'price', legSrc, end, span);
    const duration = durationFact(`${coin}.leg.duration`, `${coin} length of the leg`, span, legSrc);
    const start = fact(`${coin}.leg.start`, `${coin} start of the leg`, a.t, 'datetime', a.source, end);
    const stop = fact(`${coin}.leg.end`, `${coin} end of the leg`, closeOf(b), 'datetime', b.source, end);
    const burstSpan = { from: burst.from, to: burst.to };
    const bSrc = computedFrom(w.candles.slice(burst.i, burst.j + 1));
    const peakHour = fact(
      `${coin}.leg.burstStart`,
      `${coin} start of the fastest stretch`,
      burst.from,
      'datetime',
      bSrc,
      end,
    );
    const burstSize = fact(
      `${coin}.leg.burstSize`,
      `${coin} size of the fastest stretch`,
      burst.size,
      'price',
      bSrc,
      end,
      burstSpan,
    );
    const burstDuration = durationFact(
      `${coin}.leg.burstDuration`,
      `${coin} length of the fastest stretch`,
      burstSpan,
      bSrc,
    );
    if (from && to && size && duration && start && stop && peakHour && burstSize && burstDuration)
      out.leg = {
        from,
        to,
        size,
        duration,
        start,
        end: stop,
        peakHour,
        burstSize,
        burstDuration,
        session: sessionOf(burst.from),
        traced: a.t < w.span.from,
      };
  }
  const recent = recentFacts(inp, end);
  if (recent) out.recent = recent;
  return out.leg || out.recent ? out : undefined;
}

/** The last three hours, only when the path covers them whole: which way they went, and a bounce off their low. */
function recentFacts(inp: PaceInputs, end: number): PaceFacts['recent'] {
  const { coin } = inp;
  const w = pathWindow(inp.path, end, 3 * HOUR);
  const hour = pathWindow(inp.path, end, HOUR);
  if (!w?.full || !hour) return undefined;
  const src = computedFrom(w.candles);
  const last = w.candles[w.candles.length - 1]!;
  const ch = (last.c / w.candles[0]!.o - 1) * 100;
  const lastHour = (last.c / hour.candles[0]!.o - 1) * 100;
  const lowC = w.candles.reduce((a, c) => (c.l < a.l ? c : a));
  const highC = w.candles.reduce((a, c) => (c.h > a.h ? c : a));
  const offLow = (last.c / lowC.l - 1) * 100;
  const offHigh = (last.c / highC.h - 1) * 100;
  // A bounce: the price at least 1% and a quarter of the fall into the low back up off it, the low made inside the
  // three hours (a slip: the same off the high). "Still falling" only with no bounce and a last hour that falls too.
  const li = w.candles.indexOf(lowC);
  const hi = w.candles.indexOf(highC);
  const peakBefore = Math.max(...w.candles.slice(0, li + 1).map((c) => c.h));
  const troughBefore = Math.min(...w.candles.slice(0, hi + 1).map((c) => c.l));
  const bouncing = li > 0 && offLow >= 1 && offLow / 100 >= (peakBefore - lowC.l) / peakBefore / 4;
  const slipping = hi > 0 && offHigh <= -1 && -offHigh / 100 >= (highC.h - troughBefore) / highC.h / 4;
  const state = bouncing
    ? 'bouncing'
    : slipping
      ? 'slipping'
      : ch <= -0.5 && lastHour <= 0
        ? 'falling'
        : ch >= 0.5 && lastHour >= 0
          ? 'rising'
          : Math.abs(ch) < 0.5
            ? 'steady'
            : 'mixed';
  const change = fact(`${coin}.recent.change`, `${coin} change over the last three hours`, ch, 'pct', src, end, w.span);
  const hours = fact(`${coin}.recent.hours`, 'Hours looked at', 3, 'count', src, end, w.span);
  const turn =
    state === 'bouncing'
      ? fact(
          `${coin}.recent.offLow`,
          `${coin} up from the low of the last three hours`,
          offLow,
          'pct',
          src,
          end,
          w.span,
        )
      : state === 'slipping'
        ? fact(
            `${coin}.recent.offHigh`,
            `${coin} down from the high of the last three hours`,
            offHigh,
            'pct',
            src,
            end,
            w.span,
          )
        : undefined;
  const turnAt =
    state === 'bouncing' || state === 'slipping'
      ? fact(
          `${coin}.recent.turnAt`,
          `${coin} time of the turn`,
          (state === 'bouncing' ? lowC : highC).t,
          'datetime',
          src,
          end,
        )
      : undefined;
  const turnMs = (state === 'bouncing' ? lowC : highC).ms;
  return change && hours ? { change, hours, state, turn, turnAt, turnMs } : undefined;
}
