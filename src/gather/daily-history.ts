// Gather source: years of closed daily candles per coin, for "the biggest fall since", "the first close below
// since", analogues and the 200-day average. The exchange serves 1000 days a call: the newest page is asked for
// first, and only when it comes back full are the older pages asked for, all at once (one more round trip, once).
// A closed day never changes: the older days are kept in memory per exchange and symbol, so later builds ask
// only for the newest page.
import { candleCoverage } from './coverage.ts';
import { fetchPart, type SourceContext } from './source-context.ts';
import type { Candle, Part } from './types.ts';

const DAY = 86_400_000;
/** Daily candles asked for per call (Binance serves up to 1000 on spot, 1500 on futures). */
export const DAILY_PAGE = 1000;
/** How far back daily history reaches: about eight years (a market's listing stops it earlier). */
export const DAILY_HISTORY_DAYS = 3000;

/** What is known of one symbol's daily history: consecutive closed candles from `from` to `to`. */
interface Known {
  candles: Candle[];
  /** Start of the span asked for (nothing older exists when the exchange returned less). */
  from: number;
  /** Close of the newest candle kept. */
  to: number;
}

/** Closed daily candles already fetched, per exchange and symbol. One per services instance. */
export class DailyHistoryCache {
  private readonly known = new Map<string, Known>();

  /** The kept candles of `key` covering [from, to), or undefined when the cache does not cover all of it. */
  covering(key: string, from: number, to: number): Candle[] | undefined {
    const k = this.known.get(key);
    if (!k || k.from > from || k.to < to) return undefined;
    return k.candles.filter((c) => c.t >= from && c.t < to);
  }

  /** Keep what a build fetched, when it reaches further back or forward than what is kept. */
  keep(key: string, from: number, candles: Candle[]): void {
    const last = candles[candles.length - 1];
    if (!last) return;
    const to = last.t + DAY;
    const k = this.known.get(key);
    if (k && k.from <= from && k.to >= to) return;
    if (k && k.to >= from && k.from <= to) {
      const byTime = new Map([...k.candles, ...candles].map((c) => [c.t, c]));
      const merged = [...byTime.values()].sort((a, b) => a.t - b.t);
      this.known.set(key, { candles: merged, from: Math.min(k.from, from), to: Math.max(k.to, to) });
    } else {
      this.known.set(key, { candles, from, to });
    }
  }
}

function closedCandles(rows: unknown[][], now: number): Candle[] {
  const out: Candle[] = [];
  for (const [t, o, h, l, c, v] of rows as number[][]) {
    if ([t, o, h, l, c].some((x) => typeof x !== 'number' || !Number.isFinite(x))) continue;
    if (t! + DAY > now) continue; // still open
    out.push({ t: t!, o: o!, h: h!, l: l!, c: c!, v: typeof v === 'number' ? v : 0 });
  }
  return out;
}

/**
 * Closed daily candles of one coin over the last `days` days before `ctx.now` (or since listing), oldest first.
 * Cold: every page at once. Warm: the newest page only, joined to the kept older days.
 */
export async function fetchDailyHistoryPart(
  ctx: SourceContext,
  coin: string,
  cache?: DailyHistoryCache,
  days: number = DAILY_HISTORY_DAYS,
): Promise<Part<Candle[]>> {
  const symbol = ctx.symbols[coin]!;
  const source = `${ctx.exchangeName} daily candles`;
  const key = `${ctx.exchange.id}|${symbol}`;
  const end = Math.floor(ctx.now / DAY) * DAY; // the newest closed day ends here
  const from = end - days * DAY;
  const newestFrom = Math.max(from, end - DAILY_PAGE * DAY);
  const older = cache?.covering(key, from, newestFrom);
  const page = (since: number) =>
    ctx.exchange.fetchOHLCV(symbol, '1d', since, DAILY_PAGE, {
      until: Math.min(since + DAILY_PAGE * DAY, ctx.now) - 1,
    });
  // The newest page first; the older ones (all at once) only when it came back full and nothing older is kept.
  const fetchAll = async () => {
    const newest = await page(newestFrom);
    if (older || newest.length < DAILY_PAGE || newestFrom === from) return [newest];
    const starts: number[] = [];
    for (let pageEnd = newestFrom; pageEnd > from; pageEnd -= DAILY_PAGE * DAY)
      starts.push(Math.max(pageEnd - DAILY_PAGE * DAY, from));
    return [newest, ...(await Promise.all(starts.map(page)))];
  };
  return fetchPart(source, ctx, fetchAll, (results) => {
    const byTime = new Map<number, Candle>();
    for (const c of [...(older ?? []), ...results.flatMap((rows) => closedCandles(rows, ctx.now))])
      if (c.t >= from) byTime.set(c.t, c);
    const candles = [...byTime.values()].sort((a, b) => a.t - b.t);
    const coverage = candleCoverage(candles, DAY);
    if (!coverage) return { ok: false, source, reason: 'no closed candles returned' };
    cache?.keep(key, from, candles);
    return { ok: true, source, value: candles, asOf: coverage.to, coverage };
  });
}
