// Test helper: builds a MarketSnapshot from a Binance kline CSV (public dump format) as of a given time,
// the way a replay sees it: hourly candles closed by then, daily candles aggregated from them, a ticker from
// the last closed hour, and no open interest, funding or liquidations (a kline file has none).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Candle, MarketSnapshot } from '../../src/gather/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The real August 2024 BTCUSDT hourly klines shipped with the project. */
export const AUGUST_2024_CSV = fileURLToPath(
  new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url),
);

/** The folder of the real 2024 BTCUSDT USD-M futures hourly klines shipped with the project, a file a month. */
const FUTURES_2024_DIR = fileURLToPath(new URL('../../examples/binance/futures/um', import.meta.url));

/** Every hourly candle of the 2024 USD-M futures files, oldest first. */
export function futuresYear2024(): Candle[] {
  return readdirSync(FUTURES_2024_DIR)
    .filter((f) => f.endsWith('.csv'))
    .flatMap((f) => parseKlineCsv(readFileSync(join(FUTURES_2024_DIR, f), 'utf8')))
    .sort((a, b) => a.t - b.t);
}

/** Parse Binance kline CSV text (12 columns, optional header, open time in ms or µs) into candles. */
export function parseKlineCsv(text: string): Candle[] {
  const out: Candle[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cols = line.split(',');
    if (cols.length < 6 || !/^\d+$/.test(cols[0]!.trim())) continue;
    const raw = Number(cols[0]);
    out.push({
      t: raw > 1e14 ? Math.floor(raw / 1000) : raw,
      o: Number(cols[1]),
      h: Number(cols[2]),
      l: Number(cols[3]),
      c: Number(cols[4]),
      v: Number(cols[5]),
    });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** Daily (UTC) candles from hourly ones; only days fully closed by `at`. */
export function dailyFromHourly(hourly: Candle[], at: number): Candle[] {
  const days = new Map<number, Candle[]>();
  for (const c of hourly) {
    const d = Math.floor(c.t / DAY) * DAY;
    if (d + DAY > at) continue;
    const list = days.get(d) ?? [];
    list.push(c);
    days.set(d, list);
  }
  return [...days.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, cs]) => ({
      t,
      o: cs[0]!.o,
      h: Math.max(...cs.map((c) => c.h)),
      l: Math.min(...cs.map((c) => c.l)),
      c: cs[cs.length - 1]!.c,
      v: cs.reduce((s, c) => s + c.v, 0),
    }));
}

/** A replay snapshot of one coin's hourly klines at `at` (epoch ms). */
export function snapshotFromKlines(
  hourlyAll: Candle[],
  at: number,
  opts: { coin?: string; file?: string } = {},
): MarketSnapshot {
  const coin = opts.coin ?? 'BTC';
  const file = opts.file ?? 'klines.csv';
  const source = `replay of ${basename(file)}`;
  const closed = hourlyAll.filter((c) => c.t + HOUR <= at);
  const hourly = closed.filter((c) => c.t >= at - 30 * DAY);
  const last = closed[closed.length - 1];
  const dayAgo = hourlyAll.find((c) => c.t === at - DAY);
  const none = (what: string) => ({ ok: false as const, source, reason: `${what} is not in the replay files` });
  return {
    builtAt: at,
    exchange: 'binanceusdm',
    exchangeName: 'Binance USD-M',
    replay: { files: [file], at },
    coins: [coin],
    tickers: last
      ? {
          ok: true,
          source: `${source} (ticker)`,
          asOf: at,
          value: {
            [coin]: {
              coin,
              symbol: `${coin}/USDT:USDT`,
              price: last.c,
              changePct: dayAgo ? (last.c / dayAgo.o - 1) * 100 : undefined,
              at,
            },
          },
        }
      : none('a ticker'),
    hourly: {
      [coin]: hourly.length
        ? { ok: true, source: `${source} (hourly candles)`, asOf: last!.t, value: hourly }
        : none('hourly candles'),
    },
    daily: (() => {
      const daily = dailyFromHourly(closed, at);
      return {
        [coin]: daily.length
          ? { ok: true as const, source: `${source} (daily candles)`, asOf: daily[daily.length - 1]!.t, value: daily }
          : none('daily candles'),
      };
    })(),
    openInterest: { [coin]: none('open interest') },
    funding: none('funding'),
  };
}

/** The August 2024 BTC snapshot at an ISO time. */
export function augustSnapshot(iso: string): MarketSnapshot {
  return snapshotFromKlines(parseKlineCsv(readFileSync(AUGUST_2024_CSV, 'utf8')), Date.parse(iso), {
    file: AUGUST_2024_CSV,
  });
}
