// whybot's Prometheus metrics (prom-client), on one registry that /metrics serves. The code that does the
// work adds one line each: the dispatcher (commands, reply latency), the snapshot cache (builds), the gather
// sources (upstream calls and errors), the liquidation collectors (events) and the posting queue (posts).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The registry every whybot metric is registered on. */
export const metricsRegistry = new Registry();

/** How a command run ended: answered, refused (no permission), a user-facing error, a failure, or an unknown name. */
export type CommandOutcome = 'ok' | 'refused' | 'user_error' | 'error' | 'unknown';

/** Commands served, by command, platform and outcome. */
export const commandsServed = new Counter({
  name: 'whybot_commands_total',
  help: 'Commands served, by command, platform (a chat platform or the terminal) and outcome (ok, refused, user_error, error, unknown).',
  labelNames: ['command', 'platform', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** Time from a command's start to its reply being ready (in-process, before the platform send), seconds. */
export const replyLatency = new Histogram({
  name: 'whybot_reply_duration_seconds',
  help: 'Time to produce a reply (parsing, market data, article, chart), by command and platform, in seconds.',
  labelNames: ['command', 'platform'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

/** Market snapshot builds (upstream work), by outcome: ok, no_prices (tickers missing) or error. */
export const snapshotBuilds = new Counter({
  name: 'whybot_snapshot_builds_total',
  help: 'Market snapshot builds started from upstream data, by outcome (ok, no_prices, error).',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/** Duration of snapshot builds, seconds. */
export const snapshotBuildSeconds = new Histogram({
  name: 'whybot_snapshot_build_duration_seconds',
  help: 'Duration of market snapshot builds, in seconds.',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  registers: [metricsRegistry],
});

/** Upstream requests made by the gather sources (every attempt, retries included), by source. */
export const upstreamCalls = new Counter({
  name: 'whybot_upstream_calls_total',
  help: 'Upstream requests made by each gather source, every attempt including retries (sources sharing one request each count it).',
  labelNames: ['source'] as const,
  registers: [metricsRegistry],
});

/** Upstream failures left after retries, by source and kind. */
export const upstreamErrors = new Counter({
  name: 'whybot_upstream_errors_total',
  help: 'Upstream fetches that failed after retries, by source and kind (timeout, rate_limited, unavailable, network, other).',
  labelNames: ['source', 'kind'] as const,
  registers: [metricsRegistry],
});

/** Liquidation events taken into the store, by exchange. */
export const liquidationEvents = new Counter({
  name: 'whybot_liquidation_events_total',
  help: 'Liquidation events ingested from the exchange streams (after de-duplication), by exchange.',
  labelNames: ['exchange'] as const,
  registers: [metricsRegistry],
});

/** Proactive posts (digests, alerts), by platform and outcome (sent, failed). */
export const postsTotal = new Counter({
  name: 'whybot_posts_total',
  help: 'Proactive posts (digests and alerts) by platform and outcome (sent, failed).',
  labelNames: ['platform', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** 1 while a chat adapter is connected, 0 when not (set on every scrape from the health report). */
export const adapterConnected = new Gauge({
  name: 'whybot_adapter_connected',
  help: 'Whether each adapter is connected to its platform (1) or not (0).',
  labelNames: ['adapter'] as const,
  registers: [metricsRegistry],
});

/** Age of the last completed snapshot build, seconds (set on every scrape; absent before the first build). */
export const snapshotAge = new Gauge({
  name: 'whybot_snapshot_age_seconds',
  help: 'Seconds since the last market snapshot build finished.',
  registers: [metricsRegistry],
});

/** Count one command run and its reply latency: call at the start, then call the result with the outcome. */
export function startCommand(command: string, platform: string): (outcome: CommandOutcome) => void {
  const stop = replyLatency.startTimer({ command, platform });
  return (outcome) => {
    stop();
    commandsServed.inc({ command, platform, outcome });
  };
}

/** Count one proactive post (the fan-out queue calls this once per channel it posted to or gave up on). */
export function recordPost(platform: string, outcome: 'sent' | 'failed'): void {
  postsTotal.inc({ platform, outcome });
}

/** The kind of an upstream failure from its short reason (failureReason in src/gather/upstream-call.ts, or the Fear & Greed source's). */
export function upstreamErrorKind(reason: string): 'timeout' | 'rate_limited' | 'unavailable' | 'network' | 'other' {
  if (reason.startsWith('timed out')) return 'timeout';
  if (reason.startsWith('rate limited') || reason.startsWith('HTTP 429')) return 'rate_limited';
  if (reason.startsWith('exchange unavailable') || /^HTTP 5\d\d/.test(reason)) return 'unavailable';
  if (reason.startsWith('network error') || reason.startsWith('unreachable')) return 'network';
  return 'other';
}

/** Count an upstream failure of `source` with its short reason. */
export function recordUpstreamError(source: string, reason: string): void {
  upstreamErrors.inc({ source, kind: upstreamErrorKind(reason) });
}

/** Time a snapshot build and count it by outcome once it settles. */
export function trackSnapshotBuild(build: Promise<{ tickers: { ok: boolean } }>): void {
  const stop = snapshotBuildSeconds.startTimer();
  build.then(
    (snapshot) => {
      stop();
      snapshotBuilds.inc({ outcome: snapshot.tickers.ok ? 'ok' : 'no_prices' });
    },
    () => {
      stop();
      snapshotBuilds.inc({ outcome: 'error' });
    },
  );
}

let processMetrics = false;

/** Add prom-client's process metrics (CPU, memory, event loop lag, ...) to the registry, once per process. */
export function enableProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** Bring the gauges that mirror the health report up to date (called before each scrape). */
export function updateHealthGauges(report: { adapters: Record<string, boolean>; data: { ageSeconds?: number } }): void {
  for (const [adapter, connected] of Object.entries(report.adapters))
    adapterConnected.set({ adapter }, connected ? 1 : 0);
  if (report.data.ageSeconds !== undefined) snapshotAge.set(report.data.ageSeconds);
}
