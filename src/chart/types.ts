// The plain data a price chart is drawn from: candles, labelled levels, liquidation bars and the data time.
// Callers build it from a snapshot and the analysis; the chart never reaches into either.
import type { Candle } from '../gather/types.ts';

export type { Candle };

/** Which side of the price a level is on, as the article names it; `broken` is a level the move went through. */
export type ChartLevelKind = 'support' | 'resistance' | 'broken';

/** One horizontal level line. The chart prints `label` followed by the price it formats itself. */
export interface ChartLevel {
  price: number;
  /** Short name shown on the tag, e.g. "Support" (the price is appended: "Support $49,000"). */
  label: string;
  kind: ChartLevelKind;
}

/** Liquidated USD in the hour (or bucket) starting at `t`, split by the side forced out. Lower bounds. */
export interface LiquidationBar {
  t: number;
  longsUsd: number;
  shortsUsd: number;
}

/** An event the article names (a headline, a scheduled release), drawn as a vertical marker at its time. */
export interface ChartMarker {
  /** Epoch ms it happened. */
  t: number;
  /** Short label on the marker, e.g. "News 23:20" (the chart prints it as given). */
  label: string;
}

/** Everything renderPriceChart needs. */
export interface PriceChartInput {
  /** Coin shown in the title, e.g. "BTC". */
  coin: string;
  /** Candles oldest first (any interval; too many are merged into longer candles so each stays visible). */
  candles: Candle[];
  /** Level lines to draw, with their tags in the right margin. */
  levels?: ChartLevel[];
  /** Events the article names, as vertical markers at their times (outside the drawn span: left out). */
  markers?: ChartMarker[];
  /** Liquidation totals per bucket, drawn as bars under the price; omitted or empty draws no panel. */
  liquidationBars?: LiquidationBar[];
  /** Heading of the liquidation panel; default "<coin> liquidations per <interval>, at least (collected by whybot)". */
  liquidationLabel?: string;
  /** Epoch ms of the newest data shown ("data to ..." on the image). */
  dataTime: number;
  /** Epoch ms of the replayed moment: when set, the image carries "REPLAY of <date>". */
  replayAt?: number;
  /** Where the candles come from, e.g. "Binance USD-M"; printed under the title. */
  source?: string;
  /** Title; default "<coin> price, last <N> days". */
  title?: string;
  /** IANA time zone for dates on the image; default "UTC". */
  timeZone?: string;
  /** The language of the words on the image (its chart.* messages); English when absent. */
  language?: ChartLanguage;
  /** Image size in pixels; default 1200 x 675 (16:9, Discord's and Telegram's preview shape). */
  width?: number;
  height?: number;
}

/** A language's chart words, as plain data (a chart input crosses to a worker thread). */
export interface ChartLanguage {
  code: string;
  /** BCP 47 locale for dates and prices on the image. */
  locale: string;
  /** The language's chart.* messages (ICU MessageFormat). */
  messages: Record<string, string>;
}

/** Thrown when the input cannot make a chart (no usable candles, a bad size or time zone). */
export class ChartInputError extends Error {
  override readonly name = 'ChartInputError';
}
