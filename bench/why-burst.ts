// Benchmark (f): event-loop delay while 1,000 concurrent cold /why are answered (issue 13, point 7). The
// requests ask for every tracked coin in the short and full forms, so one snapshot build is followed by twelve
// articles and ten distinct chart renders, as after a snapshot expires on a busy bot. perf_hooks'
// monitorEventLoopDelay samples how late the event loop runs its timers meanwhile: a chat gateway's heartbeat is
// such a timer. The first burst of the process also loads the markets and starts the chart threads; the next
// ones (snapshot and charts dropped first) are the steady state. WHYBOT_CHART_THREADS=0 gives the figures
// with charts drawn on the main thread, as before the worker pool.
// Run alone: npx tsx bench/why-burst.ts
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMain, reportSection, type SectionResults } from './section.ts';
import { percentile, round } from './stats.ts';
import { startWhyBench, type WhyBench } from './why-setup.ts';

const CONCURRENT = 1000;
const STEADY_ROUNDS = 3;
/** What the 1,000 users type after /why, in turn. */
const ASKS = [
  '',
  'btc',
  'eth',
  'sol',
  'bnb',
  'xrp',
  'full',
  'btc full',
  'eth full',
  'sol full',
  'bnb full',
  'xrp full',
];

interface BurstFigures {
  wallMs: number;
  p99Ms: number;
  failures: number;
  delayP99Ms: number;
  delayMaxMs: number;
}

async function burst(bench: WhyBench): Promise<BurstFigures> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const t0 = performance.now();
  const latencies: number[] = new Array(CONCURRENT);
  let failures = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENT }, async (_, i) => {
        const reply = await bench.ask(ASKS[i % ASKS.length]);
        latencies[i] = performance.now() - t0;
        if (reply.kind !== 'article' || (reply.files ?? []).length === 0) failures += 1;
      }),
    );
  } finally {
    histogram.disable();
  }
  return {
    wallMs: performance.now() - t0,
    p99Ms: percentile(latencies, 0.99),
    failures,
    delayP99Ms: histogram.percentile(99) / 1e6,
    delayMaxMs: histogram.max / 1e6,
  };
}

const median = (values: number[]) => percentile(values, 0.5);

/** Run benchmark (f). */
export async function benchWhyBurst(): Promise<SectionResults> {
  const bench = await startWhyBench();
  try {
    const first = await burst(bench);
    const steady: BurstFigures[] = [];
    for (let i = 0; i < STEADY_ROUNDS; i++) {
      bench.services.cache.clear();
      bench.services.charts.cache.clear();
      steady.push(await burst(bench));
    }
    return {
      'burst.requests': CONCURRENT,
      'burst.chart_threads': bench.config.WHYBOT_CHART_THREADS,
      'burst.failures': first.failures + steady.reduce((s, r) => s + r.failures, 0),
      'burst.snapshot_builds': bench.services.cache.buildCount,
      'burst.chart_renders': bench.services.charts.cache.renders,
      'burst.first_wall_ms': round(first.wallMs, 1),
      'burst.first_loop_delay_p99_ms': round(first.delayP99Ms, 1),
      'burst.first_loop_delay_max_ms': round(first.delayMaxMs, 1),
      'burst.steady_wall_ms': round(median(steady.map((r) => r.wallMs)), 1),
      'burst.steady_reply_p99_ms': round(median(steady.map((r) => r.p99Ms)), 1),
      'burst.steady_loop_delay_p99_ms': round(median(steady.map((r) => r.delayP99Ms)), 1),
      'burst.steady_loop_delay_max_ms': round(median(steady.map((r) => r.delayMaxMs)), 1),
    };
  } finally {
    await bench.close();
  }
}

if (isMain(import.meta.url)) await reportSection(benchWhyBurst);
