// Gather source: markets beyond crypto (Nasdaq 100 and S&P 500 futures, the dollar index, USD/JPY, gold and WTI
// crude futures) as hourly candles, live from Yahoo Finance's public chart endpoint (keyless but unofficial and
// for personal use: off by default, see docs/DESIGN.md "Markets beyond crypto"), or in replays from a CSV file
// given with --markets (header `market,time,open,high,low,close`; see README). Registered in sources.ts as the
// `markets` part. A market with no candle lately is reported with none (closed), never as flat.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { UserFacingError } from '../core/errors.ts';
import { recordUpstreamError, upstreamCalls } from '../observability/metrics.ts';
import type { SourceFactory } from './snapshot-source.ts';
import type { Candle, MarketId, MarketSeries, MarketsPart, Part } from './types.ts';

/** The markets whybot follows, with the Yahoo Finance symbol and the name people read. */
export const MARKETS: ReadonlyArray<{ id: MarketId; symbol: string }> = [
  { id: 'nasdaq100-futures', symbol: 'NQ=F' },
  { id: 'sp500-futures', symbol: 'ES=F' },
  { id: 'dollar-index', symbol: 'DX-Y.NYB' },
  { id: 'usdjpy', symbol: 'JPY=X' },
  { id: 'gold-futures', symbol: 'GC=F' },
  { id: 'wti-futures', symbol: 'CL=F' },
];

/** The live endpoint's base URL. */
export const YAHOO_CHART_URL = 'https://query1.finance.yahoo.com';
/** Source name for people. */
export const YAHOO_SOURCE = 'Yahoo Finance chart';

const HOUR = 3_600_000;
const num = z.number().finite().nullable();
const chartSchema = z.object({
  chart: z.object({
    result: z
      .array(
        z.object({
          meta: z.object({ symbol: z.string() }).passthrough(),
          timestamp: z.array(z.number().int()).optional(),
          indicators: z.object({
            quote: z.array(
              z.object({ open: z.array(num), high: z.array(num), low: z.array(num), close: z.array(num) }),
            ),
          }),
        }),
      )
      .nullable(),
    error: z.object({ code: z.string().optional(), description: z.string().optional() }).nullable().optional(),
  }),
});

/**
 * Hourly candles from a Yahoo chart body (`interval=1h`): open times in ms, oldest first, only candles closed by
 * `now` and with all four prices (Yahoo leaves nulls for hours without trades). Throws on a malformed body.
 */
export function parseYahooChart(body: unknown, now: number): Candle[] {
  const parsed = chartSchema.safeParse(body);
  if (!parsed.success) throw new Error(`malformed chart: ${parsed.error.issues[0]!.path.join('.')}`);
  const result = parsed.data.chart.result?.[0];
  if (!result) throw new Error(`no chart: ${parsed.data.chart.error?.description ?? 'empty result'}`);
  const q = result.indicators.quote[0];
  const ts = result.timestamp ?? [];
  const candles: Candle[] = [];
  ts.forEach((t, i) => {
    const [o, h, l, c] = [q?.open[i], q?.high[i], q?.low[i], q?.close[i]];
    if (o == null || h == null || l == null || c == null) return;
    if (t * 1000 + HOUR > now) return; // still open
    candles.push({ t: t * 1000, o, h, l, c, v: 0 });
  });
  return candles.sort((a, b) => a.t - b.t);
}

/** Fetch one market's last five days of hourly candles. Throws with a short reason. */
async function fetchMarket(base: string, symbol: string, now: number, timeoutMs: number, signal: AbortSignal) {
  const url = `${base}/v8/finance/chart/${encodeURIComponent(symbol)}?interval=1h&range=5d`;
  upstreamCalls.inc({ source: YAHOO_SOURCE });
  const response = await fetch(url, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    headers: { accept: 'application/json', 'user-agent': 'whybot (self-hosted market bot)' },
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  return parseYahooChart(await response.json(), now);
}

/** The part from series per market; Missing when no market has any candle. */
export function marketsPart(source: string, series: MarketSeries[], failures: string[]): Part<MarketsPart> {
  const newest = Math.max(...series.flatMap((s) => s.candles.map((c) => c.t + HOUR)));
  if (!Number.isFinite(newest))
    return { ok: false, source, reason: failures.length ? failures.join('; ') : 'no candles for any market' };
  return { ok: true, source, asOf: newest, value: { markets: series, failures } };
}

const csvRow = z.object({
  market: z.enum(MARKETS.map((m) => m.id) as [MarketId, ...MarketId[]]),
  time: z
    .string()
    .refine((s) => Number.isFinite(Date.parse(s)) && /Z|[+-]\d\d:?\d\d$/.test(s), 'must be an ISO time with a zone'),
  open: z.coerce.number().finite().positive(),
  high: z.coerce.number().finite().positive(),
  low: z.coerce.number().finite().positive(),
  close: z.coerce.number().finite().positive(),
});

/**
 * Parse a markets replay file: CSV with the header `market,time,open,high,low,close` (hourly candles, `time` the
 * candle's open as an ISO time with its zone, `market` one of MARKETS' ids). Throws naming the file and line.
 */
export function parseMarketsCsv(file: string, text: string): MarketSeries[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const header = lines
    .shift()
    ?.split(',')
    .map((h) => h.trim());
  if (header?.join(',') !== 'market,time,open,high,low,close')
    throw new Error(`${file}: the first line must be the header market,time,open,high,low,close`);
  const byMarket = new Map<MarketId, Candle[]>();
  lines.forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const row = csvRow.safeParse(Object.fromEntries(header.map((h, k) => [h, cells[k]])));
    if (!row.success) {
      const issue = row.error.issues[0]!;
      throw new Error(`${file} line ${i + 2}: ${issue.path.join('.')} ${issue.message}`);
    }
    const r = row.data;
    const list = byMarket.get(r.market) ?? [];
    list.push({ t: Date.parse(r.time), o: r.open, h: r.high, l: r.low, c: r.close, v: 0 });
    byMarket.set(r.market, list);
  });
  return [...byMarket].map(([id, candles]) => ({ id, candles: candles.sort((a, b) => a.t - b.t) }));
}

/**
 * The registered source. Live: Yahoo Finance when WHYBOT_MARKETS=yahoo (off by default). Replays: the --markets
 * files (cut at the replayed moment), or nothing.
 */
export const marketsSource: SourceFactory = ({ config, replay, files }) => {
  const replayFiles = files?.markets;
  if (replay) {
    if (!replayFiles?.length) return undefined;
    const source = `markets file ${replayFiles.map((f) => basename(f)).join(', ')}`;
    // a file that cannot be read or parsed stops the replay before anything starts, naming the file and line
    const series = replayFiles.flatMap((f) => {
      try {
        return parseMarketsCsv(f, readFileSync(f, 'utf8'));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UserFacingError(code ? `cannot read the --markets file ${f} (${code})` : (error as Error).message);
      }
    });
    return {
      part: 'markets',
      name: source,
      settings: [],
      timeoutMs: 1000,
      fetch: ({ now }) =>
        marketsPart(
          source,
          series.map((s) => ({
            ...s,
            candles: s.candles.filter((c) => c.t + HOUR <= now && c.t >= now - 5 * 24 * HOUR),
          })),
          [],
        ),
    };
  }
  if (config.WHYBOT_MARKETS !== 'yahoo') return undefined;
  const base = config.WHYBOT_MARKETS_URL.replace(/\/$/, '');
  const timeoutMs = config.WHYBOT_MARKETS_TIMEOUT_MS;
  return {
    part: 'markets',
    name: YAHOO_SOURCE,
    settings: ['WHYBOT_MARKETS', 'WHYBOT_MARKETS_URL', 'WHYBOT_MARKETS_TIMEOUT_MS'],
    timeoutMs: timeoutMs + 1000,
    maxAgeMs: 4 * 24 * HOUR, // a long weekend; older than that, the endpoint is not answering with data
    async fetch({ now, signal }) {
      const failures: string[] = [];
      const series = await Promise.all(
        MARKETS.map(async (m): Promise<MarketSeries> => {
          try {
            return { id: m.id, candles: await fetchMarket(base, m.symbol, now, timeoutMs, signal) };
          } catch (error) {
            const reason = `${m.symbol}: ${(error as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (error as Error).message}`;
            recordUpstreamError(YAHOO_SOURCE, reason);
            failures.push(reason);
            return { id: m.id, candles: [], failed: true };
          }
        }),
      );
      return marketsPart(YAHOO_SOURCE, series, failures);
    },
  };
};
