// Colours, type sizes and the page layout of the price chart. A mid-dark slate background reads well on
// Discord's dark and light themes and in Telegram; text sizes assume the image is seen shrunk to ~500 px wide.
import type { ChartLevelKind } from './types.ts';

/** The font the chart uses; the files are in src/chart/fonts (see fonts.ts). */
export const CHART_FONT_FAMILY = 'Inter';

/** Colours of the chart. Support/resistance use blue/orange, apart from the candles' green/red. */
export const COLORS = {
  background: '#1c2230',
  panel: '#232a3a',
  text: '#f2f4f8',
  muted: '#a9b2c3',
  grid: '#323b4f',
  axis: '#56607a',
  up: '#26a69a',
  down: '#ef5350',
  longs: '#ef5350',
  shorts: '#26a69a',
  lastPrice: '#f2f4f8',
  lastPriceText: '#1c2230',
  replay: '#ffca28',
  replayText: '#1c2230',
} as const;

/** Line and tag colour per level kind. */
export const LEVEL_COLORS: Record<ChartLevelKind, string> = {
  support: '#4fa3ff',
  resistance: '#ffa040',
  broken: '#b0b8c8',
};

/** Font sizes in px at the default 1200 x 675 size (scaled with the width). */
export const FONT = {
  title: 34,
  subtitle: 21,
  axis: 20,
  tag: 20,
  badge: 21,
  panelLabel: 19,
} as const;

/** Page margins in px at 1200 x 675 (scaled with the width). */
export const LAYOUT = {
  left: 92,
  /** The right margin holds the level tags. */
  right: 236,
  top: 108,
  bottom: 44,
  /** Share of the plot height given to the liquidation panel when there is one. */
  liquidationShare: 0.24,
  /** Gap between the price panel and the liquidation panel. */
  panelGap: 38,
  /** Share of the plot height given to the volume panel when the candles carry volume. */
  volumeShare: 0.16,
  /** Gap above the volume panel (it holds the panel's heading). */
  volumeGap: 32,
  tagHeight: 31,
  tagGap: 4,
} as const;
