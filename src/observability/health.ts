// The health report behind /healthz (liveness), /readyz (readiness) and the upstream fields: the process is
// live until it shuts down, ready while every adapter is connected, and the market data (upstream) is judged
// apart, so an orchestrator never restarts the bot because the exchange is slow or down. `ok` is all three.
// Snapshots are built on demand, so "fresh" means: no build asked yet, or the last build got prices and is
// younger than a few TTLs. When the last build is older than that (nobody asked lately) or it failed, the
// check starts one rebuild in the background, so the report follows the upstream and recovers by itself;
// the snapshot cache shares that build with users and never builds more than once per TTL. The services the
// process depends on (Redis, PostgreSQL) are named with their state; one that is down makes the process unready
// and is named in the reasons, so an outage there is never reported as the market's.
import type { DependencyState } from './dependency-probe.ts';

/** The last finished snapshot build, as the snapshot cache reports it (src/gather/snapshot-cache.ts). */
export interface LastBuildView {
  /** Epoch ms (wall clock) the build finished. */
  finishedAt: number;
  /** Whether the build got prices. */
  tickersOk: boolean;
  /** Why prices were missing, when they were. */
  reason?: string;
}

/** What the data check reports. */
export type DataState = 'not built yet' | 'building' | 'fresh' | 'refreshing' | 'failing';

/** The JSON body of /healthz. */
export interface HealthReport {
  /** True when live, ready and the upstream is healthy (everything fine). */
  ok: boolean;
  /** Liveness (/healthz): the process serves and is not shutting down; false only asks for a restart. */
  live: boolean;
  /** Readiness (/readyz): live, every chat adapter connected and every dependency reachable. Market data is not part of it. */
  ready: boolean;
  /** The upstream (market data) on its own: fine, or why not. Never affects live or ready. */
  upstream: { ok: boolean; reason?: string };
  /** One line per reason the bot is not healthy (empty when ok). */
  reasons: string[];
  /** Each adapter and whether it is connected. */
  adapters: Record<string, boolean>;
  /** Each service the process depends on (Redis, PostgreSQL) and whether it answers. */
  dependencies: Record<string, { ok: boolean; reason?: string; since?: string }>;
  data: {
    state: DataState;
    /** Seconds since the last build finished. */
    ageSeconds?: number;
    /** Why the last build had no prices. */
    reason?: string;
  };
  /** Seconds since the process started. */
  uptimeSeconds: number;
}

/** Where the health check looks. */
export interface HealthSources {
  /** The adapters and their connection state; undefined while the bot is still starting. */
  adapters: () => Array<{ name: string; connected: boolean }> | undefined;
  /** The services the process depends on besides the chat platforms (Redis, PostgreSQL); default none. */
  dependencies?: () => DependencyState[];
  /** The snapshot cache's view: the last finished build and whether one is in progress. */
  snapshots: { readonly lastBuild: LastBuildView | undefined; readonly building: boolean };
  /** Start a snapshot build in the background (errors are the caller's to swallow). */
  refresh: () => void;
  /** The snapshot TTL in seconds; data counts as fresh for STALE_AFTER_TTLS of them. */
  ttlSeconds: number;
  /** True once shutdown has begun. */
  stopping: () => boolean;
  /** Wall clock, epoch ms (default Date.now). */
  now?: () => number;
}

/** A successful build counts as fresh for this many TTLs. */
export const STALE_AFTER_TTLS = 3;

function dataCheck(sources: HealthSources, at: number): { data: HealthReport['data']; reason?: string } {
  const last = sources.snapshots.lastBuild;
  const building = sources.snapshots.building;
  if (last === undefined) return { data: { state: building ? 'building' : 'not built yet' } };
  const ageMs = Math.max(0, at - last.finishedAt);
  const ageSeconds = Math.round(ageMs / 100) / 10;
  const ttlMs = sources.ttlSeconds * 1000;
  if (!last.tickersOk) {
    if (!building && ageMs >= ttlMs) sources.refresh();
    const reason = last.reason ?? 'no prices';
    return { data: { state: 'failing', ageSeconds, reason }, reason: `market data unavailable: ${reason}` };
  }
  if (ageMs <= STALE_AFTER_TTLS * ttlMs) return { data: { state: 'fresh', ageSeconds } };
  if (!building) sources.refresh();
  return { data: { state: 'refreshing', ageSeconds } };
}

/** A chat platform's name as people write it ("discord" is Discord). */
function platformName(adapter: string): string {
  return adapter.charAt(0).toUpperCase() + adapter.slice(1);
}

/** Build the health check; each call evaluates the current state. */
export function createHealthCheck(sources: HealthSources): () => HealthReport {
  const now = sources.now ?? Date.now;
  const startedAt = now();
  return () => {
    const at = now();
    const reasons: string[] = [];
    const live = !sources.stopping();
    if (!live) reasons.push('shutting down');
    const adapters = sources.adapters();
    if (adapters === undefined) reasons.push('starting: the adapters are not connected yet');
    for (const a of adapters ?? []) if (!a.connected) reasons.push(`${platformName(a.name)} is not connected`);
    const dependencies = sources.dependencies?.() ?? [];
    for (const d of dependencies)
      if (!d.ok)
        reasons.push(
          `${d.name} is unreachable${d.since === undefined ? '' : ` since ${new Date(d.since).toISOString()}`}${d.reason ? ` (${d.reason})` : ''}`,
        );
    const ready = reasons.length === 0;
    const { data, reason } = dataCheck(sources, at);
    if (reason !== undefined) reasons.push(reason);
    return {
      ok: reasons.length === 0,
      live,
      ready,
      upstream: reason === undefined ? { ok: true } : { ok: false, reason },
      reasons,
      adapters: Object.fromEntries((adapters ?? []).map((a) => [a.name, a.connected])),
      dependencies: Object.fromEntries(
        dependencies.map((d) => [
          d.name,
          {
            ok: d.ok,
            ...(d.reason === undefined ? {} : { reason: d.reason }),
            ...(d.since === undefined ? {} : { since: new Date(d.since).toISOString() }),
          },
        ]),
      ),
      data,
      uptimeSeconds: Math.round((at - startedAt) / 1000),
    };
  };
}
