// The optional health and metrics HTTP server (node:http): GET /healthz (liveness: 200 until shutdown, also
// while the exchange is down) and GET /readyz (readiness: 200 while the chat adapters are connected) answer
// with the health report as JSON, whose `upstream` field tells the market data's state apart; GET /metrics
// answers the registry in Prometheus text format. Nothing else is served.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { UserFacingError } from '../core/errors.ts';
import type { HealthReport } from './health.ts';

/** Options of startObservabilityServer. */
export interface ObservabilityServerOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Address to listen on, e.g. 127.0.0.1 (private) or 0.0.0.0 (a container). */
  host: string;
  registry: Registry;
  health: () => HealthReport;
  /** Called before each /metrics answer, to bring gauges up to date. */
  beforeScrape?: () => void;
}

/** A running observability server. */
export interface ObservabilityServer {
  /** Base URL, e.g. http://127.0.0.1:9464 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Thrown when the server cannot listen (port in use, bad address); the message names the setting. */
export class ObservabilityListenError extends UserFacingError {
  override readonly name = 'ObservabilityListenError';
}

function answer(res: ServerResponse, status: number, contentType: string, body: string, head: boolean): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

async function route(req: IncomingMessage, res: ServerResponse, options: ObservabilityServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (path === '/healthz' || path === '/readyz') {
    const report = options.health();
    const up = path === '/healthz' ? report.live : report.ready;
    answer(res, up ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify(report)}\n`, head);
    return;
  }
  if (path === '/metrics') {
    options.beforeScrape?.();
    answer(res, 200, options.registry.contentType, await options.registry.metrics(), head);
    return;
  }
  answer(res, 404, 'text/plain; charset=utf-8', 'whybot: GET /healthz, /readyz or /metrics\n', head);
}

/** Start the server and resolve once it listens; rejects with ObservabilityListenError when it cannot. */
export async function startObservabilityServer(options: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const server = createServer((req, res) => {
    route(req, res, options).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${(err as Error)?.message ?? String(err)}\n`);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'the port is already in use'
          : err.code === 'EADDRNOTAVAIL'
            ? `${options.host} is not an address of this machine`
            : err.message;
      reject(
        new ObservabilityListenError(
          `The health server cannot listen on ${options.host}:${options.port} (${why}); change WHYBOT_HEALTH_PORT or WHYBOT_HEALTH_HOST.`,
        ),
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
