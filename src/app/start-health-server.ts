// Starts the health and metrics server for a running bot when WHYBOT_HEALTH_PORT is set: wires the health
// check to the bot's adapters and the snapshot cache, and adds the process metrics to the registry.
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
