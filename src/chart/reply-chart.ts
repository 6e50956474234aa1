// Asks the services for the chart that goes with a reply (commands never draw it themselves): the coin an
// article leads with and the levels it names, over the window of the reply. No chart is simply no file.
import type { Facts } from '../analyse/facts.ts';
import type { ArticleDocument } from '../core/document.ts';
import type { ReplyFile } from '../core/reply.ts';
import type { MarketSnapshot } from '../gather/types.ts';

/** The article a chart goes with: its text and the analysis it was written from (absent in simple test doubles). */
export interface ChartArticle {
  document: ArticleDocument;
  facts?: Facts;
}

/** Which chart to draw: a coin's candles from a snapshot, with the levels an article names. */
export interface ChartRequest {
  /** The snapshot the reply's text was written from, so text and image agree (and the chart is cached per snapshot). */
  snapshot: MarketSnapshot;
  /** The coin to draw, upper case (for an article, the coin it leads with: `facts.focus.coin`). */
  coin: string;
  /** Days of candles (see CHART_DAYS). */
  days: number;
  /** The article shown with the chart: the levels it names, and only those, are drawn as lines. */
  article?: ChartArticle;
  /** The language of the words on the image (the article's); English when absent. */
  language?: string;
}

/** Whatever draws charts (the services' `chart`): undefined when there is nothing to draw. Never throws. */
export interface ChartDrawer {
  chart?(request: ChartRequest): Promise<ReplyFile | undefined>;
}

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
export async function articleChart(
  services: ChartDrawer,
  explanation: ChartArticle & { snapshot: MarketSnapshot },
  days: number,
): Promise<ReplyFile[]> {
  const coin = explanation.facts?.focus.coin;
  if (services.chart === undefined || coin === undefined) return [];
  const language = explanation.document.language;
  const file = await services.chart({
    snapshot: explanation.snapshot,
    coin,
    days,
    article: explanation,
    ...(language ? { language } : {}),
  });
  return file === undefined ? [] : [file];
}

/** The chart of `coin` from a snapshot with no level lines (liquidation bars when the snapshot has them). */
export async function snapshotChart(
  services: ChartDrawer,
  snapshot: MarketSnapshot,
  coin: string,
  days: number,
  language?: string,
): Promise<ReplyFile[]> {
  if (services.chart === undefined) return [];
  const file = await services.chart({ snapshot, coin, days, ...(language ? { language } : {}) });
  return file === undefined ? [] : [file];
}
