// The chart module's public names: render a price chart to PNG, build its input from a snapshot, cache it.
export { renderPriceChart, renderPriceChartAsync, renderPriceChartSvg } from './render.ts';
export { ChartCache, chartKey, type SnapshotIdentity } from './cache.ts';
export { snapshotChartFile, type ChartRenderer } from './chart-file.ts';
export { RenderPool, RenderQueueFullError, type RenderPoolOptions } from './render-pool.ts';
export { chartInputFromSnapshot, chartLevelsFromFacts, type SnapshotChartOptions } from './from-snapshot.ts';
export { DEFAULT_CHART_SIZE } from './price-chart-option.ts';
export {
  ChartInputError,
  type ChartLevel,
  type ChartLevelKind,
  type ChartMarker,
  type LiquidationBar,
  type PriceChartInput,
} from './types.ts';
