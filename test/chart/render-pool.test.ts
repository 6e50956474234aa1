// The chart worker pool: charts are drawn on worker threads, from the TypeScript sources (as under tsx and
// vitest) and from compiled JavaScript (as from dist/); bad input keeps its error type across the thread; a
// full queue refuses renders instead of piling them up.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { RenderPool, RenderQueueFullError, workerFile } from '../../src/chart/render-pool.ts';
import { ChartInputError, type PriceChartInput } from '../../src/chart/types.ts';
import { ihdrSize, PNG_SIGNATURE } from './png-helpers.ts';

const HOUR = 3_600_000;
const input: PriceChartInput = {
  coin: 'BTC',
  candles: Array.from({ length: 48 }, (_, i) => ({
    t: i * HOUR,
    o: 60_000 + i * 10,
    h: 60_050 + i * 10,
    l: 59_950 + i * 10,
    c: 60_020 + i * 10,
    v: 12,
  })),
  dataTime: 48 * HOUR,
  width: 640,
  height: 360,
};
const repo = fileURLToPath(new URL('../../', import.meta.url));

const pools: RenderPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('RenderPool', () => {
  it('draws a chart on a worker thread from the TypeScript sources', async () => {
    const pool = new RenderPool({ threads: 1, maxQueue: 8 });
    pools.push(pool);
    const png = await pool.render(input);
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(ihdrSize(png)).toMatchObject({ width: 640, height: 360 });
  }, 60_000);

  it('gives bad input its ChartInputError back across the thread', async () => {
    const pool = new RenderPool({ threads: 1, maxQueue: 8 });
    pools.push(pool);
    const failed = pool.render({ ...input, candles: input.candles.slice(0, 1) });
    await expect(failed).rejects.toBeInstanceOf(ChartInputError);
    await expect(failed).rejects.toThrow('Not enough BTC candles');
  }, 60_000);

  it('refuses renders past its queue limit, and draws the ones it took', async () => {
    const pool = new RenderPool({ threads: 1, maxQueue: 2 });
    pools.push(pool);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => pool.render(input)));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(10 - 1 - 2);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RenderQueueFullError);
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('workerFile', () => {
  it('names the .js worker beside compiled JavaScript and the tsx starter beside TypeScript', () => {
    expect(workerFile('file:///app/dist/src/chart/render-pool.js')).toBe('/app/dist/src/chart/render-worker.js');
    expect(workerFile('file:///app/src/chart/render-pool.ts')).toBe('/app/src/chart/render-worker-dev.mjs');
  });

  it('runs from compiled JavaScript under plain Node (no tsx)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whybot-chart-dist-'));
    try {
      await build({
        entryPoints: [join(repo, 'src/chart/render-pool.ts'), join(repo, 'src/chart/render-worker.ts')],
        outdir: dir,
        bundle: true,
        format: 'esm',
        platform: 'node',
        packages: 'external',
        logLevel: 'silent',
      });
      cpSync(join(repo, 'src/chart/fonts'), join(dir, 'fonts'), { recursive: true });
      symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
      const script = `
        import { RenderPool } from ${JSON.stringify(join(dir, 'render-pool.js'))};
        const pool = new RenderPool({ threads: 1, maxQueue: 4 });
        const png = await pool.render(${JSON.stringify(input)});
        console.log(png.length, png[1], png[2], png[3]);
        await pool.close();`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(run.stderr).toBe('');
      const [size, ...png] = run.stdout.trim().split(' ').map(Number);
      expect(size).toBeGreaterThan(1000);
      expect(png).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
