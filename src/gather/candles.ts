// Gather source: closed candles per coin (hourly, and the finer ones: live the last hours of minutes, in replays
// with 1m/5m files the last day of them; daily history is paginated in daily-history.ts),
// one fetchOHLCV call each, with the span they really cover.
import { candleCoverage } from './coverage.ts';
import type { Candle, Part } from './types.ts';
import { fetchPart, type SourceContext } from './source-context.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How far back each timeframe is fetched: 30 days of hours and the last 24 h of finer candles. */
export const CANDLE_HISTORY = {
  '1m': { ms: MINUTE, count: DAY / MINUTE, name: '1-minute' },
  '3m': { ms: 3 * MINUTE, count: DAY / (3 * MINUTE), name: '3-minute' },
  '5m': { ms: 5 * MINUTE, count: DAY / (5 * MINUTE), name: '5-minute' },
  '15m': { ms: 15 * MINUTE, count: DAY / (15 * MINUTE), name: '15-minute' },
  '30m': { ms: 30 * MINUTE, count: DAY / (30 * MINUTE), name: '30-minute' },
  '1h': { ms: HOUR, count: 30 * 24, name: 'hourly' },
} as const;

/** Live articles fetch this many recent one-minute candles (4 hours), so the wick shows at once. */
export const LIVE_MINUTES = 4 * 60;

/** A timeframe whybot fetches. */
export type Timeframe = keyof typeof CANDLE_HISTORY;

/** The timeframe of a candle length finer than an hour, or undefined. */
export function fineTimeframe(intervalMs: number | undefined): Timeframe | undefined {
  const found = Object.entries(CANDLE_HISTORY).find(([, v]) => v.ms === intervalMs && v.ms < HOUR);
  return found?.[0] as Timeframe | undefined;
}

/** Fetch closed candles of one timeframe for one coin, oldest first, with their coverage (the last `count` candles). */
export async function fetchCandlesPart(
  ctx: SourceContext,
  coin: string,
  timeframe: Timeframe,
  count: number = CANDLE_HISTORY[timeframe].count,
): Promise<Part<Candle[]>> {
  const { ms, name } = CANDLE_HISTORY[timeframe];
  const symbol = ctx.symbols[coin]!;
  const source = `${ctx.exchangeName} ${name} candles`;
  const since = Math.floor((ctx.now - count * ms) / ms) * ms;
  return fetchPart(
    source,
    ctx,
    () => ctx.exchange.fetchOHLCV(symbol, timeframe, since, count + 1, { until: ctx.now }),
    (rows) => {
      const candles: Candle[] = [];
      for (const [t, o, h, l, c, v] of rows) {
        if ([t, o, h, l, c].some((x) => typeof x !== 'number' || !Number.isFinite(x))) continue;
        if (t! + ms > ctx.now) continue; // still open
        candles.push({ t: t!, o: o!, h: h!, l: l!, c: c!, v: typeof v === 'number' ? v : 0 });
      }
      const coverage = candleCoverage(candles, ms);
      if (!coverage) return { ok: false, source, reason: 'no closed candles returned' };
      return { ok: true, source, value: candles, asOf: coverage.to, coverage };
    },
  );
}
