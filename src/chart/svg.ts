// Draws an ECharts option to an SVG string on the server (ECharts' SSR mode: no DOM, no browser).
// Only the chart types and components whybot uses are registered.
import * as echarts from 'echarts/core';
import { BarChart, CandlestickChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, MarkLineComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([CandlestickChart, BarChart, GridComponent, MarkLineComponent, GraphicComponent, SVGRenderer]);

/** The SVG of `option` drawn at width x height px. */
export function optionToSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
