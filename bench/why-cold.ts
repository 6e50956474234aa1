// Benchmark (b): one cold /why with 100 ms added to every exchange call (startSimulator({ latencyMs: 100 })):
// end-to-end time through the real dispatcher and services, and the number of sequential upstream round
// trips on the critical path, from the simulator's call log (target <= 3). The first /why of a process also
// loads the markets and warms the code (ccxt parsing, the chart renderer); a second one after the snapshot
// expired shows the steady state. `other_ms` is the time not spent waiting on the network.
// Run alone: npx tsx bench/why-cold.ts
import { describeWaves, roundTripWaves } from './round-trips.ts';
import { isMain, reportSection, type SectionResults } from './section.ts';
import { round } from './stats.ts';
import { startWhyBench } from './why-setup.ts';

const LATENCY_MS = 100;

/** Run benchmark (b). */
export async function benchWhyCold(): Promise<SectionResults> {
  const bench = await startWhyBench(LATENCY_MS);
  try {
    const t0 = performance.now();
    const reply = await bench.ask();
    const endToEndMs = performance.now() - t0;
    if (reply.kind !== 'article')
      throw new Error(`cold /why did not answer with an article: ${JSON.stringify(reply).slice(0, 200)}`);
    const waves = roundTripWaves(bench.sim.calls, LATENCY_MS);
    const coldCalls = bench.sim.calls.length;
    // Once more with the markets loaded and the code warm, as when a cached snapshot has expired.
    bench.services.cache.clear();
    const callsBefore = bench.sim.calls.length;
    const t1 = performance.now();
    await bench.ask();
    const expiredMs = performance.now() - t1;
    const expiredWaves = roundTripWaves(bench.sim.calls.slice(callsBefore), LATENCY_MS);
    return {
      'cold.latency_per_call_ms': LATENCY_MS,
      'cold.end_to_end_ms': round(endToEndMs, 1),
      'cold.upstream_calls': coldCalls,
      'cold.round_trips': waves.length,
      'cold.waves': describeWaves(waves),
      'cold.other_ms': round(endToEndMs - waves.length * LATENCY_MS, 1),
      'expired.end_to_end_ms': round(expiredMs, 1),
      'expired.round_trips': expiredWaves.length,
    };
  } finally {
    await bench.close();
  }
}

if (isMain(import.meta.url)) await reportSection(benchWhyCold);
