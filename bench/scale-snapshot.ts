// Benchmark (f), with Redis: three whybot processes share the snapshot and the rendered charts through Redis and
// each gets 1,000 concurrent /why at the same moment on a cold cache: snapshot builds between them (target: 1),
// counted by the processes and at the exchange simulator; chart renders between them (target: 1 per chart, and
// /why shows one chart); what writing the article costs each process (it is not shared); each process's latency.
// Run alone: npx tsx bench/scale-snapshot.ts   (REDIS_URL, default redis://127.0.0.1:6379)
import { randomUUID } from 'node:crypto';
import { connectRedis } from '../src/cluster/redis.ts';
import { startSimulator } from '../src/simulator/server.ts';
import { syntheticMarket } from '../test/helpers/synthetic-market.ts';
import { startScaleChild } from './scale-child.ts';
import { isMain, reportSection, type SectionResults } from './section.ts';
import { round } from './stats.ts';
import { NOW } from './why-setup.ts';

const PROCESSES = 3;
const PER_PROCESS = Number(process.env.BENCH_SCALE_WHY ?? 1000);

/** Run benchmark (f). */
export async function benchScaleSnapshot(): Promise<SectionResults> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `whybot-bench-${randomUUID().slice(0, 8)}`;
  const HOUR = 3_600_000;
  const sim = await startSimulator({
    data: syntheticMarket({ start: NOW - 60 * 24 * HOUR, hours: 60 * 24 }),
    now: () => NOW,
    latencyMs: 30,
  });
  const children = Array.from({ length: PROCESSES }, () =>
    startScaleChild(['why', sim.url, redisUrl, prefix, PER_PROCESS.toString()]),
  );
  try {
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin!.write('go\n');
    const results = await Promise.all(children.map((c) => c.result));
    const sum = (name: string) => results.reduce((n, r) => n + (r[name] ?? 0), 0);
    const max = (name: string, digits: number) => round(Math.max(...results.map((r) => r[name] ?? 0)), digits);
    return {
      'scale.processes': PROCESSES,
      'scale.why_per_process': PER_PROCESS,
      'scale.snapshot_builds': results.reduce((n, r) => n + (r.builds ?? 0), 0),
      'scale.ticker_calls_at_simulator': sim.calls.filter((c) => c.path === '/fapi/v1/ticker/24hr').length,
      'scale.chart_renders': sum('chartsDrawn'),
      'scale.charts_from_redis': sum('chartsFetched'),
      'scale.chart_renders_without_lock': sum('chartsDrawnAlone'),
      'scale.articles_written': sum('articles'),
      'scale.article_first_write_ms_max': max('articleFirstMs', 1),
      'scale.article_warm_write_ms_max': max('articleWarmMs', 2),
      'scale.failures': results.reduce((n, r) => n + (r.failures ?? 0), 0),
      'scale.p50_ms_max': round(Math.max(...results.map((r) => r.p50 ?? 0)), 0),
      'scale.p99_ms_max': round(Math.max(...results.map((r) => r.p99 ?? 0)), 0),
    };
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    const redis = connectRedis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await sim.close();
  }
}

if (isMain(import.meta.url)) await reportSection(benchScaleSnapshot);
