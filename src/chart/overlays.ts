// The parts of the chart drawn as free graphics over the plot: the header (title, source and data time),
// the REPLAY badge, the level and last-price tags in the right margin, and the liquidation panel's legend.
import { formatPrice } from '../narrate/format.ts';
import { layoutTags } from './tag-layout.ts';
import { CHART_FONT_FAMILY, COLORS, LEVEL_COLORS } from './theme.ts';
import type { ChartLevel } from './types.ts';

/** An ECharts graphic element (https://echarts.apache.org/en/option.html#graphic.elements). */
export type GraphicElement = Record<string, unknown>;

/** Advance widths of Inter SemiBold in em by kind of character, rounded up so estimated boxes never clip text. */
function charEm(ch: string): number {
  if (ch === ' ') return 0.28;
  if (/[0-9$]/.test(ch)) return 0.64;
  if (/[A-Z]/.test(ch)) return 0.7;
  if (/[mw]/.test(ch)) return 0.86;
  if (/[ijlrtf]/.test(ch)) return 0.36;
  if (/[a-z]/.test(ch)) return 0.58;
  if (/[.,:;·']/.test(ch)) return 0.3;
  return 0.7;
}

/** Estimated width in px of `text` at `size` px, in the chart's font. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em * size;
}

function text(
  x: number,
  y: number,
  content: string,
  size: number,
  fill: string,
  extra: Record<string, unknown> = {},
): GraphicElement {
  return {
    type: 'text',
    x,
    y,
    silent: true,
    style: {
      text: content,
      fill,
      fontSize: size,
      fontFamily: CHART_FONT_FAMILY,
      fontWeight: 400,
      verticalAlign: 'middle',
      align: 'left',
      ...extra,
    },
  };
}

function rect(x: number, y: number, width: number, height: number, fill: string, r = 4): GraphicElement {
  return { type: 'rect', silent: true, shape: { x, y, width, height, r }, style: { fill } };
}

/** The header: a title and a line with the candle interval, source and data time. */
export function headerElements(o: {
  x: number;
  titleY: number;
  subtitleY: number;
  title: string;
  subtitle: string;
  titleSize: number;
  subtitleSize: number;
}): GraphicElement[] {
  return [
    text(o.x, o.titleY, o.title, o.titleSize, COLORS.text, { fontWeight: 600 }),
    text(o.x, o.subtitleY, o.subtitle, o.subtitleSize, COLORS.muted),
  ];
}

/** A filled badge with its right edge at `right`, e.g. "REPLAY of 5 Aug 2024 06:00 UTC". */
export function badgeElements(o: {
  right: number;
  centerY: number;
  label: string;
  size: number;
  fill: string;
  color: string;
}): GraphicElement[] {
  const padX = o.size * 0.7;
  const height = o.size * 1.8;
  const width = textWidth(o.label, o.size) + 2 * padX;
  const x = o.right - width;
  return [
    rect(x, o.centerY - height / 2, width, height, o.fill, height / 4),
    text(x + padX, o.centerY, o.label, o.size, o.color, { fontWeight: 600 }),
  ];
}

/** A tag to draw in the right margin. */
export interface TagSpec {
  /** Pixel row of the line the tag belongs to, or the edge row for a level off the axis. */
  y: number;
  text: string;
  fill: string;
  color: string;
  /** Draw a short connector from the plot's edge at `y` to the tag. */
  connect: boolean;
}

/** Tag spec for a level drawn on the axis; an off-axis level gets an arrow pointing where it lies. */
export function levelTag(
  level: ChartLevel,
  y: number,
  offAxis?: 'above' | 'below',
  price: (v: number) => string = formatPrice,
): TagSpec {
  const arrow = offAxis === 'above' ? '↑ ' : offAxis === 'below' ? '↓ ' : '';
  return {
    y,
    text: `${arrow}${level.label} ${price(level.price)}`,
    fill: LEVEL_COLORS[level.kind],
    color: COLORS.lastPriceText,
    connect: offAxis === undefined,
  };
}

/** The tags in the margin from `x` (plot's right edge) with `width`, placed between `top` and `bottom` without overlap. */
export function tagElements(
  tags: readonly TagSpec[],
  o: {
    x: number;
    width: number;
    top: number;
    bottom: number;
    height: number;
    gap: number;
    size: number;
    minSize: number;
  },
): GraphicElement[] {
  const inset = o.size * 0.5;
  const tagX = o.x + o.size * 0.6;
  const tagWidth = o.width - (tagX - o.x) - o.size * 0.4;
  const ys = layoutTags(
    tags.map((t) => ({ y: t.y, height: o.height })),
    o.top,
    o.bottom,
    o.gap,
  );
  // One type size for every tag: the largest at which the longest label still fits its tag.
  const widest = Math.max(1, ...tags.map((t) => textWidth(t.text, 1)));
  const size = Math.max(o.minSize, Math.min(o.size, (tagWidth - 2 * inset) / widest));
  const out: GraphicElement[] = [];
  tags.forEach((tag, i) => {
    const y = ys[i]!;
    const center = y + o.height / 2;
    if (tag.connect) {
      out.push({
        type: 'polyline',
        silent: true,
        shape: {
          points: [
            [o.x, tag.y],
            [o.x + 4, tag.y],
            [tagX, center],
          ],
        },
        style: { stroke: tag.fill, lineWidth: 1.5, fill: null },
      });
    }
    out.push(
      rect(tagX, y, tagWidth, o.height, tag.fill),
      text(tagX + inset, center, tag.text, size, tag.color, { fontWeight: 600 }),
    );
  });
  return out;
}

/** A panel's heading, e.g. "BTC volume per hour", left-aligned at `x`. */
export function panelHeading(o: { x: number; centerY: number; label: string; size: number }): GraphicElement[] {
  return [text(o.x, o.centerY, o.label, o.size, COLORS.muted)];
}

/** The liquidation panel's heading with a colour key for longs and shorts, the key right-aligned at `right`. */
export function liquidationLegend(o: {
  x: number;
  right: number;
  centerY: number;
  label: string;
  size: number;
  /** The key's words for longs and shorts (default English). */
  keys?: { longs: string; shorts: string };
}): GraphicElement[] {
  const sq = o.size * 0.75;
  const keys: Array<[string, string]> = [
    [o.keys?.longs ?? 'longs', COLORS.longs],
    [o.keys?.shorts ?? 'shorts', COLORS.shorts],
  ];
  const out: GraphicElement[] = [text(o.x, o.centerY, o.label, o.size, COLORS.muted)];
  let x = o.right;
  for (const [label, color] of [...keys].reverse()) {
    out.push(text(x, o.centerY, label, o.size, COLORS.muted, { align: 'right' }));
    x -= textWidth(label, o.size) + o.size * 0.4 + sq;
    out.push(rect(x, o.centerY - sq / 2, sq, sq, color, 2));
    x -= o.size * 1.2;
  }
  return out;
}
