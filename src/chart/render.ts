// renderPriceChart: plain chart data in, PNG bytes out (ECharts SSR to SVG, then resvg to PNG).
import { priceChartOption } from './price-chart-option.ts';
import { svgToPng, svgToPngAsync } from './png.ts';
import { optionToSvg } from './svg.ts';
import type { PriceChartInput } from './types.ts';

/** The chart as SVG text (what the PNG is rasterised from; handy to inspect). */
export function renderPriceChartSvg(input: PriceChartInput): string {
  const { option, width, height } = priceChartOption(input);
  return optionToSvg(option, width, height);
}

/**
 * Render a price chart to PNG bytes. Throws ChartInputError when the input cannot make a chart
 * (fewer than two usable candles, a bad size or time zone); callers then send the text without a chart.
 */
export function renderPriceChart(input: PriceChartInput): Uint8Array {
  return svgToPng(renderPriceChartSvg(input)).png;
}

/** As renderPriceChart, rasterising on a worker thread so the event loop stays free. */
export async function renderPriceChartAsync(input: PriceChartInput): Promise<Uint8Array> {
  return (await svgToPngAsync(renderPriceChartSvg(input))).png;
}
