// Realized volatility of hourly returns: the last 24h against the norm of all the hourly data (up to 30 days, the
// day included, so the norm's span is the data's span), a normal day's move, and how many normal days the move is. Returns are taken only between consecutive hourly candles, so
// a gap never passes for a one-hour move, and the "last 24h" must be 24 hours of data.
import type { Candle } from '../gather/types.ts';
import type { VolatilityFacts } from './facts.ts';
import { fact, type Fact } from './fact.ts';
import type { AnalysisOptions } from './options.ts';
import { DAY, HOUR } from './spans.ts';
import { stdev } from './stats.ts';

/** Inputs: the coin's closed hourly candles (about 30 days) and its 24h change. */
export interface VolatilityInputs {
  coin: string;
  hourly: Candle[];
  hourlySource: string;
  change24h?: Fact | undefined;
  opts: AnalysisOptions['volatility'];
}

/** Volatility facts, or undefined with too little history. */
export function volatilityFacts(inp: VolatilityInputs): VolatilityFacts | undefined {
  const h = inp.hourly;
  const last = h[h.length - 1];
  if (!last) return undefined;
  const end = last.t + HOUR;
  const recent: number[] = [];
  const base: number[] = [];
  for (let i = 1; i < h.length; i++) {
    if (h[i]!.t - h[i - 1]!.t !== HOUR) continue;
    const r = Math.log(h[i]!.c / h[i - 1]!.c);
    if (h[i]!.t >= end - DAY) recent.push(r);
    base.push(r);
  }
  if (base.length - recent.length < inp.opts.minBaselineReturns) return undefined;
  const sdBase = stdev(base);
  if (!(sdBase > 0)) return undefined;
  const source = `computed from ${inp.hourlySource}`;
  const baseSpan = { from: h[0]!.t, to: end };
  if (!(baseSpan.to > baseSpan.from)) return undefined;
  // A normal day in percent, so that "N times a normal day (about X%)" is plain arithmetic on what is printed.
  const typical = (Math.exp(sdBase * Math.sqrt(24)) - 1) * 100;
  const typicalDayPct = fact(
    `${inp.coin}.vol.typicalDay`,
    `${inp.coin} typical daily move`,
    typical,
    'pct',
    source,
    end,
    baseSpan,
  );
  if (!typicalDayPct) return undefined;
  // The day's swings only when the day is 24 hours of data (23 returns inside it plus the one into it).
  const fullDay = recent.length === 24;
  const ratio = fullDay
    ? fact(
        `${inp.coin}.vol.ratio`,
        `${inp.coin} 24h volatility against its norm`,
        stdev(recent) / sdBase,
        'multiple',
        source,
        end,
        { from: end - DAY, to: end },
      )
    : undefined;
  const ch = inp.change24h;
  const moveSigma = ch
    ? fact(
        `${inp.coin}.vol.moveSigma`,
        `${inp.coin} 24h move in normal days`,
        Math.abs(ch.value) / typical,
        'multiple',
        source,
        Math.min(end, ch.asOf),
      )
    : undefined;
  const baselineDays = fact(
    `${inp.coin}.vol.baselineDays`,
    `Days of ${inp.coin} hourly history behind the norm`,
    Math.max(1, Math.floor((baseSpan.to - baseSpan.from) / DAY)),
    'days',
    source,
    end,
    baseSpan,
  );
  if (!baselineDays) return undefined;
  return { ratio, typicalDayPct, moveSigma, baselineDays };
}
