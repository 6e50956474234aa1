// Starts the health and metrics server for a running bot when WHYBOT_HEALTH_PORT is set: wires the health
// check to the bot's adapters, the snapshot cache and the services the process depends on (Redis through its
// connection's guard, PostgreSQL through a probe), and adds the process metrics to the registry.
import type { Redis } from 'ioredis';
import { guardOf } from '../cluster/redis-guard.ts';
import type { SqlRunner } from '../store/sql-runner.ts';
import { DependencyProbe, type DependencyState } from '../observability/dependency-probe.ts';
import type { RunningServices } from './create-services.ts';
import type { Config } from '../config/schema.ts';
import { createHealthCheck, type HealthReport } from '../observability/health.ts';
import { enableProcessMetrics, metricsRegistry, updateHealthGauges } from '../observability/metrics.ts';
import { startObservabilityServer, type ObservabilityServer } from '../observability/server.ts';

/** What the health check watches. */
export interface HealthTargets {
  services: Pick<RunningServices, 'cache' | 'snapshot'>;
  /** The adapters' state, or undefined while they are starting. */
  adapters: () => Array<{ name: string; connected: boolean }> | undefined;
  /** True once shutdown has begun. */
  stopping: () => boolean;
  /** The Redis connection shared state goes through (REDIS_URL), if any. */
  redis?: Redis;
  /** The PostgreSQL database (DATABASE_URL), if that is the storage. */
  postgres?: SqlRunner;
}

/** The dependencies' states the health check names: Redis and PostgreSQL, when this process uses them. */
export function dependencyStates(targets: Pick<HealthTargets, 'redis' | 'postgres'>): () => DependencyState[] {
  const redis = targets.redis ? guardOf(targets.redis) : undefined;
  const sql = targets.postgres;
  const postgres = sql ? new DependencyProbe('PostgreSQL', () => sql.query('SELECT 1')) : undefined;
  return () => [...(redis ? [{ name: 'Redis', ...redis.state() }] : []), ...(postgres ? [postgres.state()] : [])];
}

/** The running server and the health check it answers with. */
export interface HealthServer extends ObservabilityServer {
  health: () => HealthReport;
}

/** Start the server on the configured port and host; undefined when WHYBOT_HEALTH_PORT is unset. */
export async function startHealthServer(
  config: Pick<Config, 'WHYBOT_HEALTH_PORT' | 'WHYBOT_HEALTH_HOST' | 'WHYBOT_SNAPSHOT_TTL_SECONDS'>,
  targets: HealthTargets,
): Promise<HealthServer | undefined> {
  if (config.WHYBOT_HEALTH_PORT === undefined) return undefined;
  const health = createHealthCheck({
    adapters: targets.adapters,
    dependencies: dependencyStates(targets),
    snapshots: targets.services.cache,
    refresh: () => {
      if (!targets.stopping()) targets.services.snapshot().catch(() => undefined);
    },
    ttlSeconds: config.WHYBOT_SNAPSHOT_TTL_SECONDS,
    stopping: targets.stopping,
  });
  enableProcessMetrics();
  const server = await startObservabilityServer({
    port: config.WHYBOT_HEALTH_PORT,
    host: config.WHYBOT_HEALTH_HOST,
    registry: metricsRegistry,
    health,
    beforeScrape: () => updateHealthGauges(health()),
  });
  return { ...server, health };
}
