// Builds the chart input for one coin from a snapshot and the analysis's levels: the last N days of
// hourly candles, the levels the article names, the data time and the replay moment. No candles, no chart.
import type { LevelFacts } from '../analyse/facts.ts';
import type { MarketSnapshot } from '../gather/types.ts';
import type { ChartLevel, ChartMarker, LiquidationBar, PriceChartInput, ChartLanguage } from './types.ts';

const DAY = 86_400_000;

/** Level lines for the chart from the analysis: supports, the resistance, and the level broken on the move. */
export function chartLevelsFromFacts(levels: LevelFacts | undefined): ChartLevel[] {
  if (!levels) return [];
  const out: ChartLevel[] = levels.supports.map((l) => ({
    price: l.price.value,
    label: 'Support',
    kind: 'support' as const,
  }));
  if (levels.resistance) out.push({ price: levels.resistance.price.value, label: 'Resistance', kind: 'resistance' });
  const broken = levels.broken;
  if (broken && !out.some((l) => l.price === broken.price.value))
    out.push({ price: broken.price.value, label: 'Broken', kind: 'broken' });
  return out;
}

/** Options for chartInputFromSnapshot. */
export interface SnapshotChartOptions {
  /** Days of candles to show: 7 for /why, 30 for /why full and digests. */
  days: number;
  levels?: ChartLevel[];
  /** Events the article names, drawn at their times. */
  markers?: ChartMarker[];
  liquidationBars?: LiquidationBar[];
  timeZone?: string;
  /** The language of the words on the image; English when absent. */
  language?: ChartLanguage;
  width?: number;
  height?: number;
}

/**
 * The chart input for `coin`, or undefined when the snapshot has no usable hourly candles for it
 * (the reply then goes without a chart). The data time is the close of the newest candle.
 */
export function chartInputFromSnapshot(
  snapshot: MarketSnapshot,
  coin: string,
  options: SnapshotChartOptions,
): PriceChartInput | undefined {
  const part = snapshot.hourly[coin];
  if (!part || !part.ok) return undefined;
  const from = part.asOf - options.days * DAY;
  const candles = part.value.filter((c) => c.t >= from);
  if (candles.length < 2) return undefined;
  return {
    coin,
    candles,
    levels: options.levels ?? [],
    ...(options.markers && options.markers.length > 0 ? { markers: options.markers } : {}),
    ...(options.liquidationBars ? { liquidationBars: options.liquidationBars } : {}),
    dataTime: part.asOf,
    ...(snapshot.replay ? { replayAt: snapshot.replay.at } : {}),
    source: snapshot.exchangeName,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.language ? { language: options.language } : {}),
    ...(options.width ? { width: options.width } : {}),
    ...(options.height ? { height: options.height } : {}),
  };
}
