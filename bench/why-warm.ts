// Benchmark (a): 1,000 concurrent /why against a warm snapshot, in process, through the real dispatcher and
// services over the exchange simulator: per-request latency (all start together, so it includes queueing on
// the one event loop), and the number of upstream snapshot builds (one: the warm-up). Also, for comparison,
// 1,000 concurrent /why on a cold cache: still one build (single flight), and the latency of one /why at a
// time on the warm cache (the CPU each reply costs).
// Run alone: npx tsx bench/why-warm.ts
import { isMain, reportSection, type SectionResults } from './section.ts';
import { percentile, round } from './stats.ts';
import { startWhyBench, type WhyBench } from './why-setup.ts';

const CONCURRENT = 1000;

async function burst(bench: WhyBench, n: number): Promise<{ latencies: number[]; wallMs: number; failures: number }> {
  const t0 = performance.now();
  const latencies: number[] = new Array(n);
  let failures = 0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const reply = await bench.ask();
      latencies[i] = performance.now() - t0;
      if (reply.kind !== 'article') failures += 1;
    }),
  );
  return { latencies, wallMs: performance.now() - t0, failures };
}

/** Run benchmark (a). */
export async function benchWhyWarm(): Promise<SectionResults> {
  const warm = await startWhyBench();
  try {
    const first = performance.now();
    const reply = await warm.ask(); // the one upstream build, and the chart render
    const warmupMs = performance.now() - first;
    if (reply.kind !== 'article')
      throw new Error(`warm-up /why did not answer with an article: ${JSON.stringify(reply).slice(0, 200)}`);
    const callsBefore = warm.sim.calls.length;
    const run = await burst(warm, CONCURRENT);
    const sequential: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await warm.ask();
      sequential.push(performance.now() - t);
    }
    const cold = await startWhyBench();
    let coldRun;
    try {
      coldRun = await burst(cold, CONCURRENT);
    } finally {
      await cold.close();
    }
    return {
      'warm.requests': CONCURRENT,
      'warm.failures': run.failures,
      'warm.p50_ms': round(percentile(run.latencies, 0.5), 2),
      'warm.p99_ms': round(percentile(run.latencies, 0.99), 2),
      'warm.wall_ms': round(run.wallMs, 1),
      'warm.per_request_ms': round(run.wallMs / CONCURRENT, 3),
      'warm.sequential_p50_ms': round(percentile(sequential, 0.5), 2),
      'warm.snapshot_builds_total': warm.services.cache.buildCount,
      'warm.upstream_calls_during_burst': warm.sim.calls.length - callsBefore,
      'warm.chart_renders_total': warm.services.charts.cache.renders,
      'warm.first_request_ms': round(warmupMs, 1),
      'cold_burst.snapshot_builds': cold.services.cache.buildCount,
      'cold_burst.chart_renders': cold.services.charts.cache.renders,
      'cold_burst.failures': coldRun.failures,
      'cold_burst.p50_ms': round(percentile(coldRun.latencies, 0.5), 1),
      'cold_burst.p99_ms': round(percentile(coldRun.latencies, 0.99), 1),
    };
  } finally {
    await warm.close();
  }
}

if (isMain(import.meta.url)) await reportSection(benchWhyWarm);
