// Replays recorded Binance dumps: reads the files, starts the exchange simulator in-process on them,
// and fixes the clock at the replayed moment (default: the close of the last candle).
import { MarketData } from '../simulator/market-data.ts';
import { readSeriesFile, ReplayFileError } from '../simulator/kline-files.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import type { ReplayInfo } from '../gather/types.ts';

/** A running replay: the simulator to point ccxt at, and the replayed moment. */
export interface Replay {
  info: ReplayInfo;
  simulator: Simulator;
  close(): Promise<void>;
}

/** Parse an --at value (ISO 8601); throws a ReplayFileError-style message on bad input. */
export function parseReplayTime(text: string): number {
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t)) {
    throw new ReplayFileError(`"${text}" is not a time I understand; use ISO 8601, e.g. 2024-08-05T07:00:00Z.`);
  }
  return t;
}

/** Start a replay of `files` at `at` (epoch ms; default the last candle's close). */
export async function startReplay(files: string[], at?: number): Promise<Replay> {
  if (files.length === 0) throw new ReplayFileError('--replay needs at least one file.');
  const data = MarketData.fromFiles(files.map(readSeriesFile));
  const { first, lastClose } = data.span();
  const when = at ?? lastClose;
  if (when <= first || when > lastClose) {
    const iso = (ms: number) => new Date(ms).toISOString();
    throw new ReplayFileError(`--at ${iso(when)} is outside the replayed data (${iso(first)} to ${iso(lastClose)}).`);
  }
  const simulator = await startSimulator({ data, now: () => when });
  return { info: { files, at: when }, simulator, close: () => simulator.close() };
}
