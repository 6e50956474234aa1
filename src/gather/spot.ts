// Gather source: spot candles of the tracked coins beside the perpetual's, so the analysis can name a perpetual
// wick far below (or above) spot (src/analyse/perp-spot.ts). Live: Binance's public spot klines (the last day of
// hourly candles), on by default when the bot reads Binance USD-M itself; WHYBOT_SPOT=off turns it off and
// WHYBOT_SPOT_URL points it elsewhere (a proxy, the simulator in tests). Replays: the spot kline files given with
// --spot (data.binance.vision's CSV), up to the replayed moment. Registered in sources.ts as the `spotCandles` part.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Config } from '../config/schema.ts';
import { candleCoverage } from './coverage.ts';
import { createExchange } from './exchange.ts';
import { intervalMs, parseKlineCsv } from './kline-csv.ts';
import { ReplayFileError } from './replay-file-error.ts';
import type { SourceFactory } from './snapshot-source.ts';
import type { Candle, Part, SpotCandlesPart } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Spot candles cover the past day and a little more (a leg may start before the window). */
const SPAN_MS = DAY + 2 * HOUR;

/** Where live spot candles come from: WHYBOT_SPOT_URL, else Binance's own when the bot reads Binance USD-M. */
export function spotBaseUrl(config: Config): string | undefined {
  if (config.WHYBOT_SPOT === 'off') return undefined;
  if (config.WHYBOT_SPOT_URL) return config.WHYBOT_SPOT_URL;
  return config.WHYBOT_EXCHANGE === 'binanceusdm' && !config.WHYBOT_EXCHANGE_URL
    ? 'https://api.binance.com'
    : undefined;
}

/** Closed candles of the window ending at `now`, oldest first. */
function lastDay(candles: readonly Candle[], intervalMs: number, now: number): Candle[] {
  return candles.filter((c) => c.t >= now - SPAN_MS && c.t + intervalMs <= now).sort((a, b) => a.t - b.t);
}

/** One coin's candles as a part, or Missing. */
function coinPart(candles: Candle[], intervalMs: number, source: string, coin: string): Part<Candle[]> {
  const last = candles[candles.length - 1];
  if (!last) return { ok: false, source, reason: `no ${coin} spot candles over the past day` };
  return { ok: true, value: candles, source, asOf: last.t + intervalMs, coverage: candleCoverage(candles, intervalMs) };
}

/** The coin and interval a kline file holds, from its name (BTCUSDT-1h-2024-08.csv). */
function fileCoin(file: string, quote: string): { coin: string; intervalMs: number } {
  const m = /^([A-Z0-9]+)-(\d+[mh])-/.exec(basename(file));
  const ms = m ? intervalMs(m[2]!) : undefined;
  if (!m || ms === undefined || !m[1]!.endsWith(quote))
    throw new ReplayFileError(
      `${basename(file)}: name it as data.binance.vision does, e.g. BTC${quote}-1h-2024-08.csv`,
    );
  return { coin: m[1]!.slice(0, -quote.length), intervalMs: ms };
}

/** The spot candles source (see the header). */
export const spotSource: SourceFactory = (setup) => {
  const { config } = setup;
  const files = setup.files?.spot;
  if (setup.replay) {
    if (!files?.length) return undefined;
    const name = `spot files ${files.map((f) => basename(f)).join(', ')}`;
    // read before anything starts: a file that cannot be read or is not a kline file stops the replay, named
    const byCoin = new Map<string, { candles: Candle[]; intervalMs: number }>();
    for (const file of files) {
      const { coin, intervalMs } = fileCoin(file, config.WHYBOT_QUOTE);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ReplayFileError(`cannot read the --spot file ${file} (${(error as NodeJS.ErrnoException).code})`);
      }
      const candles = parseKlineCsv(file, text);
      const had = byCoin.get(coin);
      // one interval per coin: the finest given
      if (!had || intervalMs < had.intervalMs) byCoin.set(coin, { candles, intervalMs });
      else if (intervalMs === had.intervalMs) had.candles.push(...candles);
    }
    return {
      part: 'spotCandles',
      name,
      settings: [],
      timeoutMs: 10_000,
      fetch({ now, coins }) {
        const value: SpotCandlesPart = {};
        for (const coin of coins) {
          const got = byCoin.get(coin);
          if (got) value[coin] = coinPart(lastDay(got.candles, got.intervalMs, now), got.intervalMs, name, coin);
        }
        return { ok: true, value, source: name, asOf: now };
      },
    };
  }
  const base = spotBaseUrl(config);
  if (base === undefined) return undefined;
  const exchange = createExchange('binance', { baseUrl: base, timeoutMs: 8000 });
  const name = 'Binance spot klines';
  return {
    part: 'spotCandles',
    name,
    settings: ['WHYBOT_SPOT', 'WHYBOT_SPOT_URL'],
    timeoutMs: 8000,
    maxAgeMs: 3 * HOUR,
    async fetch({ now, coins }) {
      const value: SpotCandlesPart = {};
      await Promise.all(
        coins.map(async (coin) => {
          try {
            // the implicit endpoint: no market list to load for a spot venue the bot does not otherwise read
            const rows = (await (
              exchange as unknown as { publicGetKlines(p: object): Promise<unknown[][]> }
            ).publicGetKlines({
              symbol: `${coin}${config.WHYBOT_QUOTE}`,
              interval: '1h',
              startTime: now - SPAN_MS,
              limit: 30,
            })) as Array<Array<string | number>>;
            const candles = rows.map((r) => ({
              t: Number(r[0]),
              o: Number(r[1]),
              h: Number(r[2]),
              l: Number(r[3]),
              c: Number(r[4]),
              v: Number(r[5]),
            }));
            value[coin] = coinPart(lastDay(candles, HOUR, now), HOUR, name, coin);
          } catch (error) {
            value[coin] = { ok: false, source: name, reason: (error as Error).message?.slice(0, 200) ?? 'failed' };
          }
        }),
      );
      const newest = Math.max(...Object.values(value).map((p) => (p.ok ? p.asOf : -Infinity)));
      if (!Number.isFinite(newest)) return { ok: false, source: name, reason: 'no spot candles for any coin' };
      return { ok: true, value, source: name, asOf: newest };
    },
  };
};
