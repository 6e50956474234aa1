// Renders charts on a pool of worker threads (piscina): drawing a chart costs tens of milliseconds of CPU, and
// a burst of them on the main thread would stall the chat gateways' heartbeats. The queue is bounded: when it
// is full the render is refused (the reply then goes without a chart) instead of piling up.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { RenderResult } from './render-worker.ts';
import { ChartInputError, type PriceChartInput } from './types.ts';

/** Settings of a RenderPool. */
export interface RenderPoolOptions {
  /** Worker threads drawing charts (at least 1). */
  threads: number;
  /** Renders that may wait for a free thread; more are refused. */
  maxQueue: number;
}

/** Thrown when the pool's queue is full: the chart is left out of the reply. */
export class RenderQueueFullError extends Error {
  override readonly name = 'RenderQueueFullError';
}

/**
 * The worker file for this module's location. Compiled to JavaScript (dist/), this module and the worker are
 * .js files that plain Node runs. Under tsx (dev runs, tests) they are .ts files, and a worker thread does not
 * inherit tsx's loader: render-worker-dev.mjs registers it in the thread, then loads render-worker.ts.
 */
export function workerFile(moduleUrl = import.meta.url): string {
  const typescript = /\.[cm]?ts$/.test(new URL(moduleUrl).pathname);
  return fileURLToPath(new URL(typescript ? './render-worker-dev.mjs' : './render-worker.js', moduleUrl));
}

/** A pool of chart-rendering threads. */
export class RenderPool {
  private readonly pool: Piscina;

  constructor(private readonly options: RenderPoolOptions) {
    this.pool = new Piscina({
      filename: workerFile(),
      // Not the parent's flags (a tsx CLI's loader flags do not work in a thread); see workerFile.
      execArgv: [],
      minThreads: 0,
      maxThreads: Math.max(1, options.threads),
      maxQueue: Math.max(0, options.maxQueue),
      idleTimeout: 30_000,
    });
  }

  /** Render `input` to PNG on a worker thread. Rejects with RenderQueueFullError when too many wait already. */
  async render(input: PriceChartInput): Promise<Uint8Array> {
    if (this.pool.queueSize >= this.options.maxQueue) {
      throw new RenderQueueFullError(`chart queue full (${this.options.maxQueue} waiting); replying without a chart`);
    }
    const result = (await this.pool.run(input)) as RenderResult;
    if ('inputError' in result) throw new ChartInputError(result.inputError);
    return result.png;
  }

  /** Start a thread (if none runs) and load the renderer in it, without drawing. */
  async warm(): Promise<void> {
    await this.pool.run(null, { name: 'warm' });
  }

  /** Renders waiting for a thread. */
  get queued(): number {
    return this.pool.queueSize;
  }

  /** Stop the threads (renders in progress are rejected). */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
