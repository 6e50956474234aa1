// Gather source: closed hourly and daily candles per coin, one fetchOHLCV call each.
import type { Candle, Part } from './types.ts';
import { fetchPart, type SourceContext } from './source-context.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How far back each timeframe is fetched. */
export const CANDLE_HISTORY = {
  '1h': { ms: HOUR, count: 30 * 24 },
  '1d': { ms: DAY, count: 1000 },
} as const;

/** Fetch closed candles of one timeframe for one coin, oldest first. */
export async function fetchCandlesPart(ctx: SourceContext, coin: string, timeframe: keyof typeof CANDLE_HISTORY): Promise<Part<Candle[]>> {
  const { ms, count } = CANDLE_HISTORY[timeframe];
  const symbol = ctx.symbols[coin]!;
  const source = `${ctx.exchangeName} ${timeframe === '1h' ? 'hourly' : 'daily'} candles`;
  const since = Math.floor((ctx.now - count * ms) / ms) * ms;
  return fetchPart(source, ctx, () => ctx.exchange.fetchOHLCV(symbol, timeframe, since, count + 1, { until: ctx.now }), (rows) => {
    const candles: Candle[] = [];
    for (const [t, o, h, l, c, v] of rows) {
      if ([t, o, h, l, c].some((x) => typeof x !== 'number' || !Number.isFinite(x))) continue;
      if (t! + ms > ctx.now) continue; // still open
      candles.push({ t: t!, o: o!, h: h!, l: l!, c: c!, v: typeof v === 'number' ? v : 0 });
    }
    if (candles.length === 0) return { ok: false, source, reason: 'no closed candles returned' };
    return { ok: true, source, value: candles, asOf: candles[candles.length - 1]!.t + ms };
  });
}
