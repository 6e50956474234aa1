// Sequential upstream round trips on a request's critical path, from the exchange simulator's call log:
// with a fixed latency L added to every answer, a call that starts less than L after the first call of the
// current wave cannot have waited for any answer of that wave, so it runs in parallel with it; a later call
// starts a new wave. The number of waves is the depth of the dependency chain of upstream calls.

/** One upstream call as the simulator logged it (arrival time, epoch ms). */
export interface LoggedCall {
  path: string;
  at: number;
}

/** The calls grouped into waves of parallel requests, in order. */
export function roundTripWaves(calls: readonly LoggedCall[], latencyMs: number): LoggedCall[][] {
  const sorted = [...calls].sort((a, b) => a.at - b.at);
  const waves: LoggedCall[][] = [];
  let waveStart = -Infinity;
  for (const call of sorted) {
    // 80% of the latency: timers fire a little early or late; calls of one wave arrive within a few ms.
    if (call.at - waveStart >= latencyMs * 0.8) {
      waves.push([]);
      waveStart = call.at;
    }
    waves[waves.length - 1]!.push(call);
  }
  return waves;
}

/** A one-line summary of waves: "exchangeInfo | klines x10, ticker/24hr, ..." */
export function describeWaves(waves: readonly LoggedCall[][]): string {
  return waves
    .map((wave) => {
      const counts = new Map<string, number>();
      for (const c of wave) {
        const name = c.path.split('/').pop() ?? c.path;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      return [...counts].map(([name, n]) => (n > 1 ? `${name} x${n}` : name)).join(', ');
    })
    .join(' | ');
}
