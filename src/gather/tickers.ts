// Gather source: price and 24h change of every tracked coin, in one fetchTickers call.
import type { Part, Ticker } from './types.ts';
import { fetchPart, missing, type SourceContext } from './source-context.ts';

/** Live tickers older than this (relative to the build time) are treated as stale and left out (not in replays). */
export const TICKER_STALE_AFTER_MS = 15 * 60_000;

/**
 * The tickers of all tracked coins (from the build's shared all-perpetuals call); coins without a valid price,
 * or live ones without a fresh price, are left out. In replays a price is the last close at or before the
 * replayed moment and keeps that close's time, however long ago (the data between closes is not in the files).
 */
export async function fetchTickersPart(ctx: SourceContext): Promise<Part<Record<string, Ticker>>> {
  const source = ctx.replay ? `${ctx.exchangeName} last prices` : `${ctx.exchangeName} fetchTickers`;
  const symbols = Object.values(ctx.symbols);
  if (symbols.length === 0) return missing(source, 'none of the tracked coins is listed');
  return fetchPart(
    source,
    ctx,
    () => ctx.allTickers(),
    (raw) => {
      const out: Record<string, Ticker> = {};
      for (const [coin, symbol] of Object.entries(ctx.symbols)) {
        const t = raw[symbol];
        const at = t?.timestamp ?? undefined;
        if (!t || typeof t.last !== 'number' || !(t.last > 0) || typeof at !== 'number') continue;
        if (!ctx.replay && ctx.now - at > TICKER_STALE_AFTER_MS) continue;
        const change = typeof t.percentage === 'number' && Number.isFinite(t.percentage) ? t.percentage : undefined;
        const openTime = Number((t.info as { openTime?: unknown } | undefined)?.openTime);
        const changeFrom = change !== undefined && Number.isFinite(openTime) && openTime < at ? openTime : undefined;
        out[coin] = {
          coin,
          symbol,
          price: t.last,
          at,
          ...(change !== undefined ? { changePct: change } : {}),
          ...(changeFrom !== undefined ? { changeFrom } : {}),
        };
      }
      const times = Object.values(out).map((t) => t.at);
      if (times.length === 0) return missing(source, 'no fresh prices returned');
      return { ok: true, source, value: out, asOf: Math.max(...times) };
    },
  );
}
