// Gather source: 30 days of hourly open interest per coin (Binance keeps no more), in USD.
// 720 hourly points take two pages of 500, fetched in parallel so they add no round trip.
import type { OpenInterest } from 'ccxt';
import type { OpenInterestPoint, Part } from './types.ts';
import { fetchPart, type SourceContext } from './source-context.ts';

const HOUR = 3_600_000;
const PAGE = 500;
const HOURS = 30 * 24;

/** Fetch hourly open interest for one coin over the last 30 days, oldest first. */
export async function fetchOpenInterestPart(ctx: SourceContext, coin: string): Promise<Part<OpenInterestPoint[]>> {
  const symbol = ctx.symbols[coin]!;
  const source = `${ctx.exchangeName} open interest history`;
  const start = Math.floor(ctx.now / HOUR) * HOUR - (HOURS - 1) * HOUR;
  const pages = [0, PAGE].map((offset) => start + offset * HOUR);
  const fetchAll = () =>
    Promise.all(
      pages.map((since) =>
        ctx.exchange.fetchOpenInterestHistory(symbol, '1h', since, PAGE, {
          until: Math.min(since + PAGE * HOUR - 1, ctx.now),
        }),
      ),
    );
  return fetchPart(source, ctx, fetchAll, (results: OpenInterest[][]) => {
    const byTime = new Map<number, OpenInterestPoint>();
    for (const p of results.flat()) {
      const usd = p.openInterestValue;
      if (typeof p.timestamp !== 'number' || typeof usd !== 'number' || !(usd > 0)) continue;
      const coins =
        typeof p.openInterestAmount === 'number' && p.openInterestAmount > 0 ? p.openInterestAmount : undefined;
      byTime.set(p.timestamp, { t: p.timestamp, usd, ...(coins !== undefined ? { coins } : {}) });
    }
    const points = [...byTime.values()].sort((a, b) => a.t - b.t);
    if (points.length === 0) return { ok: false, source, reason: 'no open interest history returned' };
    return { ok: true, source, value: points, asOf: points[points.length - 1]!.t };
  });
}
