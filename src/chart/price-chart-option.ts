// Turns a PriceChartInput into one ECharts option: candles with level lines, a volume panel (when the candles
// carry volume) and an optional liquidation panel on the same time axis, and the overlays (header, replay
// badge, tags). Pure: no I/O, no clock.
import type { EChartsCoreOption } from 'echarts/core';
import { dayLabelIndexes } from './axis-labels.ts';
import { formatUsdAbs } from '../narrate/format.ts';
import { chartDates, formatAxisPrice, formatCompact } from './format.ts';
import {
  badgeElements,
  headerElements,
  levelTag,
  liquidationLegend,
  panelHeading,
  tagElements,
  type GraphicElement,
  type TagSpec,
} from './overlays.ts';
import { priceScale, priceTicks, priceToY, type PriceScale } from './price-scale.ts';
import { chartWords } from './chart-words.ts';
import { bucketLiquidations, candleVolumes, drawnCandles, drawnSpanMs } from './series.ts';
import { CHART_FONT_FAMILY, COLORS, FONT, LAYOUT, LEVEL_COLORS } from './theme.ts';
import { ChartInputError, type ChartLevel, type PriceChartInput } from './types.ts';

/** Default image size: 16:9, sharp at Discord's and Telegram's preview sizes. */
export const DEFAULT_CHART_SIZE = { width: 1200, height: 675 } as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "1h", "4h", "1d" */
function intervalShort(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${Math.round(ms / 60_000)}m`;
}

function checkSize(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 320 || v > 4096)
    throw new ChartInputError(`Chart ${name} must be a whole number of pixels from 320 to 4096, not ${v}.`);
  return v;
}

function usableLevels(levels: readonly ChartLevel[] | undefined): ChartLevel[] {
  return (levels ?? []).filter(
    (l) => l && Number.isFinite(l.price) && l.price > 0 && typeof l.label === 'string' && l.label.trim() !== '',
  );
}

/** Where things are on the image, in px: the plot's edges, the panels, the price axis and the drawn candles. */
export interface ChartGeometry {
  plotLeft: number;
  plotRight: number;
  priceTop: number;
  priceBottom: number;
  /** The volume panel, when the candles carry volume. */
  volume?: { top: number; bottom: number };
  /** The liquidation panel, when drawn. */
  liquidations?: { top: number; bottom: number };
  scale: PriceScale;
  /** Open times of the drawn candles (after any merging) and their interval. */
  times: number[];
  intervalMs: number;
}

/** The ECharts option for a price chart, with the size it is meant to be rendered at and its geometry. */
export function priceChartOption(input: PriceChartInput): {
  option: EChartsCoreOption;
  width: number;
  height: number;
  geometry: ChartGeometry;
} {
  const width = checkSize('width', input.width ?? DEFAULT_CHART_SIZE.width);
  const height = checkSize('height', input.height ?? DEFAULT_CHART_SIZE.height);
  if (!Number.isFinite(input.dataTime)) throw new ChartInputError('A chart needs the time of its data (dataTime).');
  const words = chartWords(input.language);
  const dates = chartDates(input.timeZone ?? 'UTC', words.locale);
  const drawn = drawnCandles(input.candles);
  const { candles, intervalMs: interval } = drawn;
  if (candles.length < 2)
    throw new ChartInputError(`Not enough ${input.coin} candles to draw a chart (${candles.length}).`);
  const times = candles.map((c) => c.t);
  const buckets = bucketLiquidations(input.liquidationBars ?? [], times, interval);
  const withLiquidations = buckets.some((b) => b !== undefined);
  const volumes = candleVolumes(candles);

  // Geometry, scaled with the width so the type keeps its share of the image.
  const s = width / DEFAULT_CHART_SIZE.width;
  const left = LAYOUT.left * s;
  const right = LAYOUT.right * s;
  const top = LAYOUT.top * s;
  const plotRight = width - right;
  const lowest = height - LAYOUT.bottom * s;
  // Panels from the bottom up: liquidations, volume, then the price takes what is left.
  const liqHeight = withLiquidations ? (lowest - top) * LAYOUT.liquidationShare : 0;
  const gap = withLiquidations ? LAYOUT.panelGap * s : 0;
  const liqTop = lowest - liqHeight;
  const volHeight = volumes ? (lowest - top) * LAYOUT.volumeShare : 0;
  const volGap = volumes ? LAYOUT.volumeGap * s : 0;
  const volBottom = withLiquidations ? liqTop - gap : lowest;
  const volTop = volBottom - volHeight;
  const priceBottom = volumes ? volTop - volGap : volBottom - gap;

  // a language's own names for the levels on their tags
  const levels = usableLevels(input.levels).map((l) =>
    input.language === undefined ? l : { ...l, label: words.level(l.kind) },
  );
  const scale = priceScale(candles, levels);
  const ticks = priceTicks(scale);
  const last = candles[candles.length - 1]!;
  const yOf = (price: number) => priceToY(scale, price, top, priceBottom);

  const labelled = dayLabelIndexes(times, dates, Math.floor((plotRight - left) / (95 * s)));
  const showDay = (index: number) => labelled.has(index);
  const category = times.map(String);
  const axisFont = { fontFamily: CHART_FONT_FAMILY, fontSize: FONT.axis * s, color: COLORS.muted };
  const xAxisBase = {
    type: 'category',
    data: category,
    boundaryGap: true,
    axisLine: { lineStyle: { color: COLORS.axis } },
    axisTick: { show: false },
    splitLine: { show: true, interval: (i: number) => showDay(i), lineStyle: { color: COLORS.grid, width: 1 } },
  };
  const xLabels = {
    show: true,
    interval: (i: number) => showDay(i),
    formatter: (v: string) => dates.day(Number(v)),
    margin: 10 * s,
    ...axisFont,
  };

  const levelLines = scale.drawn.map((l) => ({
    yAxis: l.price,
    lineStyle: {
      color: LEVEL_COLORS[l.kind],
      width: 2 * s,
      type: l.kind === 'broken' ? 'dotted' : 'dashed',
      opacity: 0.95,
    },
  }));
  // Markers of the events the article names, on the candle whose period holds their time.
  const markerLines = (input.markers ?? []).flatMap((m) => {
    const index = times.findIndex((t) => m.t >= t && m.t < t + interval);
    if (index < 0) return [];
    return [
      {
        xAxis: index,
        lineStyle: { color: COLORS.muted, width: 1.5 * s, type: 'dashed', opacity: 0.9 },
        label: {
          show: true,
          position: 'insideEndTop',
          formatter: m.label.slice(0, 24),
          fontFamily: CHART_FONT_FAMILY,
          fontSize: FONT.axis * 0.9 * s,
          color: COLORS.muted,
        },
      },
    ];
  });
  const lastLine = {
    yAxis: last.c,
    lineStyle: { color: COLORS.lastPrice, width: 1 * s, type: 'solid', opacity: 0.45 },
  };

  const series: unknown[] = [
    {
      type: 'candlestick',
      name: input.coin,
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: candles.map((c) => [c.o, c.c, c.l, c.h]),
      barMaxWidth: 18 * s,
      itemStyle: {
        color: COLORS.up,
        color0: COLORS.down,
        borderColor: COLORS.up,
        borderColor0: COLORS.down,
        borderWidth: Math.max(1, s),
      },
      markLine: {
        silent: true,
        symbol: ['none', 'none'],
        label: { show: false },
        animation: false,
        data: [lastLine, ...levelLines, ...markerLines],
      },
    },
  ];
  const lowestPanel = withLiquidations ? 'liquidations' : volumes ? 'volume' : 'price';
  const grids: unknown[] = [{ left, right, top, height: priceBottom - top, show: false }];
  const xAxes: unknown[] = [
    { ...xAxisBase, gridIndex: 0, axisLabel: lowestPanel === 'price' ? xLabels : { show: false } },
  ];
  const yAxes: unknown[] = [
    {
      type: 'value',
      gridIndex: 0,
      position: 'left',
      // The traded range; ticks (labels and grid lines) at the round prices inside it, not at its ends.
      min: scale.min,
      max: scale.max,
      axisLine: { show: false },
      axisTick: { show: false, customValues: ticks },
      axisLabel: {
        ...axisFont,
        formatter: (v: number) => formatAxisPrice(v, scale.step),
        margin: 10 * s,
        customValues: ticks,
      },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
  ];
  /** The value axis of a panel under the candles (volume, liquidations): from 0, two steps, labels by `format`. */
  const panelAxis = (index: number, format: (v: number) => string) => ({
    type: 'value',
    gridIndex: index,
    position: 'left',
    min: 0,
    splitNumber: 2,
    axisLine: { show: false },
    axisLabel: {
      ...axisFont,
      fontSize: FONT.axis * 0.9 * s,
      formatter: (v: number) => format(v),
      showMinLabel: false,
      margin: 10 * s,
    },
    splitLine: { lineStyle: { color: COLORS.grid } },
  });
  const panelGraphics: GraphicElement[] = [];
  if (volumes) {
    const index = grids.length;
    grids.push({ left, right, top: volTop, height: volHeight, show: false });
    xAxes.push({ ...xAxisBase, gridIndex: index, axisLabel: lowestPanel === 'volume' ? xLabels : { show: false } });
    yAxes.push(panelAxis(index, formatCompact));
    series.push({
      type: 'bar',
      name: words.volumeSeries,
      xAxisIndex: index,
      yAxisIndex: index,
      barWidth: '70%',
      data: candles.map((c, i) => ({
        value: volumes[i],
        itemStyle: { color: c.c >= c.o ? COLORS.up : COLORS.down, opacity: 0.55 },
      })),
    });
    panelGraphics.push(
      ...panelHeading({
        x: left,
        centerY: volTop - volGap / 2,
        label: words.volume(input.coin, interval),
        size: FONT.panelLabel * s,
      }),
    );
  }
  if (withLiquidations) {
    const index = grids.length;
    grids.push({ left, right, top: liqTop, height: liqHeight, show: false });
    xAxes.push({ ...xAxisBase, gridIndex: index, axisLabel: xLabels });
    yAxes.push(panelAxis(index, formatUsdAbs));
    const bar = (side: 'longsUsd' | 'shortsUsd', color: string, name: string) => ({
      type: 'bar',
      name,
      xAxisIndex: index,
      yAxisIndex: index,
      stack: 'liquidations',
      barWidth: '70%',
      itemStyle: { color },
      data: buckets.map((b) => (b === undefined ? null : b[side])),
    });
    series.push(bar('longsUsd', COLORS.longs, words.longs), bar('shortsUsd', COLORS.shorts, words.shorts));
  }

  const title = input.title ?? words.title(input.coin, drawnSpanMs(drawn));
  const subtitle = [words.candles(intervalShort(interval)), input.source, words.dataTo(dates.dateTime(input.dataTime))]
    .filter(Boolean)
    .join('  ·  ');
  const graphics: GraphicElement[] = [
    ...headerElements({
      x: 24 * s,
      titleY: 34 * s,
      subtitleY: 74 * s,
      title,
      subtitle,
      titleSize: FONT.title * s,
      subtitleSize: FONT.subtitle * s,
    }),
    ...panelGraphics,
  ];
  if (input.replayAt !== undefined && Number.isFinite(input.replayAt)) {
    graphics.push(
      ...badgeElements({
        right: width - 24 * s,
        centerY: 34 * s,
        label: words.replay(dates.dateTime(input.replayAt)),
        size: FONT.badge * s,
        fill: COLORS.replay,
        color: COLORS.replayText,
      }),
    );
  }
  const tags: TagSpec[] = [
    ...scale.above.map((l) => levelTag(l, top, 'above', words.price)),
    ...scale.drawn.map((l) => levelTag(l, yOf(l.price), undefined, words.price)),
    {
      y: yOf(last.c),
      text: words.last(words.price(last.c)),
      fill: COLORS.lastPrice,
      color: COLORS.lastPriceText,
      connect: true,
    },
    ...scale.below.map((l) => levelTag(l, priceBottom, 'below', words.price)),
  ];
  graphics.push(
    ...tagElements(tags, {
      x: plotRight,
      width: right,
      top: top - 8 * s,
      bottom: priceBottom + 8 * s,
      height: LAYOUT.tagHeight * s,
      gap: LAYOUT.tagGap * s,
      size: FONT.tag * s,
      minSize: 12 * s,
    }),
  );
  if (withLiquidations) {
    const label = input.liquidationLabel ?? words.liquidations(input.coin, interval);
    graphics.push(
      ...liquidationLegend({
        x: left,
        right: plotRight,
        centerY: liqTop - gap / 2,
        label,
        size: FONT.panelLabel * s,
        keys: { longs: words.keyLongs, shorts: words.keyShorts },
      }),
    );
  }

  const option: EChartsCoreOption = {
    animation: false,
    backgroundColor: COLORS.background,
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
    graphic: { elements: graphics },
  };
  const geometry: ChartGeometry = {
    plotLeft: left,
    plotRight,
    priceTop: top,
    priceBottom,
    ...(volumes ? { volume: { top: volTop, bottom: volBottom } } : {}),
    ...(withLiquidations ? { liquidations: { top: liqTop, bottom: lowest } } : {}),
    scale,
    times,
    intervalMs: interval,
  };
  return { option, width, height, geometry };
}
