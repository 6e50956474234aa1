// Asks the services for the chart that goes with a reply (commands never draw it themselves): the coin an
// article leads with and the levels it names, over the window of the reply. No chart is simply no file.
import type { Explanation, WhyServices } from '../src/app/services.ts';
import type { MarketSnapshot } from '../src/gather/types.ts';
import type { ReplyFile } from './types.ts';

/** Days of candles a chart shows: 7 beside a short article, /levels and /liqs; 30 beside the full article and digests. */
export const CHART_DAYS = { short: 7, full: 30, digest: 30 } as const;

/** The chart window for an article form (digests use CHART_DAYS.digest). */
export function chartDays(form: 'short' | 'full'): number {
  return CHART_DAYS[form];
}

/**
 * The chart for an article: candles of the coin it leads with over `days` days and the levels its text names.
 * Empty when the services draw no charts, the explanation carries no analysis, or there is nothing to draw.
 * Digests call this too (with CHART_DAYS.digest).
 */
export async function articleChart(services: Pick<WhyServices, 'chart'>, explanation: Explanation, days: number): Promise<ReplyFile[]> {
  const coin = explanation.facts?.focus.coin;
  if (services.chart === undefined || coin === undefined) return [];
  const file = await services.chart({ snapshot: explanation.snapshot, coin, days, article: explanation });
  return file === undefined ? [] : [file];
}

/** The chart of `coin` from a snapshot with no level lines (liquidation bars when the snapshot has them). */
export async function snapshotChart(services: WhyServices, snapshot: MarketSnapshot, coin: string, days: number): Promise<ReplyFile[]> {
  if (services.chart === undefined) return [];
  const file = await services.chart({ snapshot, coin, days });
  return file === undefined ? [] : [file];
}
