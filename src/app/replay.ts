// Replays recorded Binance dumps: reads the files, tells which market they hold (folders, symbol or --market),
// starts the exchange simulator in-process on them, and fixes the clock at the replayed moment (default: the
// close of the last candle). Any moment inside the data can be replayed: the price is the last close at or
// before it, from the finest files given, labelled with that close's time.
import { formatUtc } from '../narrate/time-format.ts';
import { MarketData } from '../simulator/market-data.ts';
import { readSeriesFile, ReplayFileError, type SeriesFile } from '../simulator/kline-files.ts';
import { replayMarket, type MarketFlag } from '../simulator/replay-market.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import type { ReplayInfo } from '../gather/types.ts';

/** A running replay: the simulator to point ccxt at, and the replayed moment. */
export interface Replay {
  info: ReplayInfo;
  simulator: Simulator;
  close(): Promise<void>;
}

/** Options of startReplay. */
export interface ReplayOptions {
  /** What the files hold when their folders do not say (--market). */
  market?: MarketFlag;
}

/** Parse an --at value (ISO 8601); throws a ReplayFileError-style message on bad input. */
export function parseReplayTime(text: string): number {
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t)) {
    throw new ReplayFileError(`"${text}" is not a time I understand; use ISO 8601, e.g. 2024-08-05T07:00:00Z.`);
  }
  return t;
}

/** Read the files and tell their market, span and finest interval (throws ReplayFileError for bad files). */
export function loadReplayData(
  files: string[],
  options: ReplayOptions = {},
): { data: MarketData; series: SeriesFile[]; info: Omit<ReplayInfo, 'at'> } {
  if (files.length === 0) throw new ReplayFileError('--replay needs at least one file.');
  const series = files.map(readSeriesFile);
  const klines = series.filter((f): f is Extract<SeriesFile, { kind: 'klines' }> => f.kind === 'klines');
  const market = replayMarket(klines, options.market);
  const data = MarketData.fromFiles(series);
  const { first, lastClose } = data.span();
  return {
    data,
    series,
    info: { files, market, coverage: { from: first, to: lastClose }, finestIntervalMs: data.intervals()[0]! },
  };
}

/** Start a replay of `files` at `at` (epoch ms; default the last candle's close). */
export async function startReplay(files: string[], at?: number, options: ReplayOptions = {}): Promise<Replay> {
  const { data, info } = loadReplayData(files, options);
  const { from, to } = info.coverage!;
  const when = at ?? to;
  const earliest = data.span().firstClose;
  if (when < earliest || when > to) {
    const before =
      when < from
        ? 'before the files begin'
        : when > to
          ? 'after the files end'
          : `before their first candle closes (${formatUtc(earliest)})`;
    throw new ReplayFileError(
      `--at ${formatUtc(when)} is outside the replayed data (${before}): the files cover ${formatUtc(from)} to ${formatUtc(to)}, ${info.market!.label}.`,
    );
  }
  const simulator = await startSimulator({ data, now: () => when });
  return { info: { ...info, at: when }, simulator, close: () => simulator.close() };
}
