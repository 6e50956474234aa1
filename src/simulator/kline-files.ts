// Reads Binance's public data dumps (data.binance.vision) into plain series for the exchange simulator:
// kline CSVs (12 columns, optional header, open time in ms or µs), and optionally the futures "metrics"
// (open interest) and "fundingRate" CSVs. The file name says the symbol and interval, as Binance names them
// (monthly BTCUSDT-1h-2024-08.csv, daily BTCUSDT-1m-2024-08-05.csv, COIN-M BTCUSD_PERP-1h-2024-08.csv; mark and
// index price klines have the same names under markPriceKlines/ and indexPriceKlines/); the folders say the market.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Candle, OpenInterestPoint } from '../gather/types.ts';
import { dataLines, INTERVAL_NAMES, intervalMs, intervalName, parseKlineCsv, toMs } from '../gather/kline-csv.ts';
import { ReplayFileError } from '../gather/replay-file-error.ts';
import { marketOfFile, type ReplayMarket } from './replay-market.ts';

export { intervalMs, intervalName, ReplayFileError };

/** What one file holds. */
export type SeriesFile =
  | { kind: 'klines'; file: string; symbol: string; intervalMs: number; candles: Candle[]; market: ReplayMarket }
  | { kind: 'openInterest'; file: string; symbol: string; points: OpenInterestPoint[] }
  | {
      kind: 'funding';
      file: string;
      symbol: string;
      points: Array<{ t: number; rate: number; intervalHours?: number | undefined }>;
    };

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReplayFileError(`Cannot read replay file ${file}${code ? ` (${code})` : ''}.`);
  }
}

function parseMetrics(file: string, text: string): OpenInterestPoint[] {
  // create_time,symbol,sum_open_interest,sum_open_interest_value,...
  return dataLines(file, text).map(({ line, cells }) => {
    const t = Date.parse(`${cells[0]!.replace(' ', 'T')}Z`);
    const coins = Number(cells[2]);
    const usd = Number(cells[3]);
    if (!Number.isFinite(t) || !Number.isFinite(usd) || usd <= 0)
      throw new ReplayFileError(`${file} line ${line}: not a valid metrics row.`);
    return { t, usd, coins: Number.isFinite(coins) ? coins : undefined };
  });
}

function parseFunding(file: string, text: string) {
  // calc_time,funding_interval_hours,last_funding_rate
  return dataLines(file, text).map(({ line, cells }) => {
    const t = toMs(cells[0]!);
    const intervalHours = Number(cells[1]);
    const rate = Number(cells[2]);
    if (!Number.isFinite(t) || !Number.isFinite(rate))
      throw new ReplayFileError(`${file} line ${line}: not a valid funding row.`);
    return { t, rate, intervalHours: Number.isFinite(intervalHours) ? intervalHours : undefined };
  });
}

/** Read one Binance dump file, telling its kind from its name (SYMBOL-1h-2024-08.csv, SYMBOL-metrics-..., SYMBOL-fundingRate-...). */
export function readSeriesFile(file: string): SeriesFile {
  const text = readText(file);
  const name = basename(file).replace(/\.csv$/i, '');
  const [symbol, kind] = name.split('-');
  if (!symbol || !kind || !/^[A-Z0-9]+(_[A-Z0-9]+)?$/.test(symbol)) {
    throw new ReplayFileError(
      `Cannot tell the market of ${file}: name it as Binance does, e.g. BTCUSDT-1h-2024-08.csv.`,
    );
  }
  if (kind === 'metrics') return { kind: 'openInterest', file, symbol, points: parseMetrics(file, text) };
  if (kind === 'fundingRate') return { kind: 'funding', file, symbol, points: parseFunding(file, text) };
  const ms = intervalMs(kind);
  if (!ms)
    throw new ReplayFileError(`${file}: unknown interval "${kind}" (expected one of ${INTERVAL_NAMES.join(', ')}).`);
  const market = marketOfFile(file, symbol);
  return { kind: 'klines', file, symbol, intervalMs: ms, candles: parseKlineCsv(file, text), market };
}

/**
 * The USD-M symbol the simulator serves a file's series under, so that ccxt finds it as BASE/USDT:USDT:
 * COIN-M contracts (BTCUSD_PERP) and COIN-M index pairs (BTCUSD) become BTCUSDT; others are kept.
 */
export function servingSymbol(fileSymbol: string): string {
  const contract = fileSymbol.replace(/_(PERP|\d{6})$/, '');
  return /USD$/.test(contract) ? `${contract}T` : contract;
}
