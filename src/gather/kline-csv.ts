// Binance kline CSVs as data.binance.vision publishes them (12 columns, an optional header, open times in ms, or
// in µs in spot dumps from 2025 on), and Binance's interval names. Read by the replay simulator and by the spot
// candles source; a row that is not a kline is a ReplayFileError naming the file and line.
import type { Candle } from './types.ts';
import { ReplayFileError } from './replay-file-error.ts';

const INTERVALS: Readonly<Record<string, number>> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
};

/** Milliseconds in a Binance interval name ("1h" -> 3600000), or undefined for an unknown name. */
export function intervalMs(name: string): number | undefined {
  return INTERVALS[name];
}

/** The Binance interval name of a duration in ms ("1h"), or undefined. */
export function intervalName(ms: number): string | undefined {
  return Object.entries(INTERVALS).find(([, v]) => v === ms)?.[0];
}

/** Every Binance interval name, shortest first. */
export const INTERVAL_NAMES: readonly string[] = Object.keys(INTERVALS);

/** Binance timestamps are ms, but spot dumps from 2025 on are µs: normalise to ms. */
export function toMs(raw: string): number {
  const n = Number(raw);
  return n > 1e14 ? Math.floor(n / 1000) : n;
}

/** The data rows of a dump CSV, trimmed, with their line numbers (a header row, non-numeric, is left out). */
export function dataLines(file: string, text: string): Array<{ line: number; cells: string[] }> {
  const rows = text
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, cells: raw.trim() === '' ? [] : raw.split(',').map((c) => c.trim()) }))
    .filter((r) => r.cells.length > 0);
  // A header row starts with a non-numeric cell.
  const body =
    rows.length > 0 && Number.isNaN(Number(rows[0]!.cells[0])) && !/^\d{4}-/.test(rows[0]!.cells[0]!)
      ? rows.slice(1)
      : rows;
  if (body.length === 0) throw new ReplayFileError(`Replay file ${file} holds no data rows.`);
  return body;
}

/** The candles of one kline CSV, oldest first. */
export function parseKlineCsv(file: string, text: string): Candle[] {
  const candles = dataLines(file, text).map(({ line, cells }) => {
    if (cells.length < 6)
      throw new ReplayFileError(`${file} line ${line}: expected Binance kline columns, found ${cells.length}.`);
    const [t, o, h, l, c, v] = [toMs(cells[0]!), ...cells.slice(1, 6).map(Number)] as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (![t, o, h, l, c, v].every(Number.isFinite) || o <= 0 || h <= 0 || l <= 0 || c <= 0) {
      throw new ReplayFileError(`${file} line ${line}: not a valid kline row.`);
    }
    return { t, o, h, l, c, v };
  });
  return candles.sort((a, b) => a.t - b.t);
}
