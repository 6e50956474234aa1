// A local stand-in for Yahoo Finance's chart endpoint (GET /v8/finance/chart/{symbol}?interval=1h&range=5d),
// answering in Yahoo's JSON shape. The candles it serves are GENERATED TEST DATA given by each test, not market
// prices; a symbol can be made to fail with a status, or to never answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Candle } from '../../src/gather/types.ts';

/** What the fake serves per symbol: candles (generated), an HTTP status, or a stall. */
export type FakeChart = Candle[] | { status: number } | 'stall';

/** Yahoo's chart body for these candles (nulls where `gaps` says an hour had no trade). */
export function yahooChartBody(symbol: string, candles: Candle[], gaps: number[] = []) {
  return {
    chart: {
      result: [
        {
          meta: { symbol, exchangeTimezoneName: 'America/New_York', dataGranularity: '1h' },
          timestamp: candles.map((c) => c.t / 1000),
          indicators: {
            quote: [
              {
                open: candles.map((c, i) => (gaps.includes(i) ? null : c.o)),
                high: candles.map((c, i) => (gaps.includes(i) ? null : c.h)),
                low: candles.map((c, i) => (gaps.includes(i) ? null : c.l)),
                close: candles.map((c, i) => (gaps.includes(i) ? null : c.c)),
                volume: candles.map(() => 0),
              },
            ],
          },
        },
      ],
      error: null,
    },
  };
}

/** Start the fake; `charts` maps a symbol to what it serves (unknown symbols get Yahoo's 404 body). */
export async function startFakeYahoo(charts: Record<string, FakeChart>): Promise<{
  url: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${url.pathname}?${url.searchParams.toString()}`);
    const symbol = decodeURIComponent(url.pathname.replace('/v8/finance/chart/', ''));
    const chart = charts[symbol];
    if (chart === 'stall') return;
    res.setHeader('content-type', 'application/json');
    if (chart === undefined) {
      res.statusCode = 404;
      res.end(JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found' } } }));
    } else if (!Array.isArray(chart)) {
      res.statusCode = chart.status;
      res.end('{}');
    } else res.end(JSON.stringify(yahooChartBody(symbol, chart)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** GENERATED TEST DATA: hourly candles from `from`, `hours` long, moving from `start` by `stepPct` percent an hour. */
export function generatedCandles(from: number, hours: number, start: number, stepPct: number): Candle[] {
  const out: Candle[] = [];
  let price = start;
  for (let i = 0; i < hours; i++) {
    const next = price * (1 + stepPct / 100);
    out.push({ t: from + i * 3_600_000, o: price, h: Math.max(price, next), l: Math.min(price, next), c: next, v: 0 });
    price = next;
  }
  return out;
}
