// The chart renderer's worker thread (run by the pool in render-pool.ts): draws one chart per task, ECharts
// SVG then resvg PNG, both synchronous, so the bot's event loop never waits on them.
import { renderPriceChart } from './render.ts';
import { ChartInputError, type PriceChartInput } from './types.ts';

/** What a task answers: the PNG, or why the input cannot make a chart (error classes do not cross threads). */
export type RenderResult = { png: Uint8Array } | { inputError: string };

/** Render one chart to PNG bytes (piscina calls the default export with each task). */
export default function renderTask(input: PriceChartInput): RenderResult {
  try {
    // resvg's buffer is external memory that cannot be transferred; it is copied to the main thread.
    return { png: renderPriceChart(input) };
  } catch (err) {
    if (err instanceof ChartInputError) return { inputError: err.message };
    throw err;
  }
}

/** Nothing to draw: run once at start-up, so the thread has loaded the renderer before the first chart. */
export function warm(): boolean {
  return true;
}
