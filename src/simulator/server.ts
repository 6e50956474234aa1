// The exchange simulator: a local HTTP server on 127.0.0.1 that speaks the subset of Binance USD-M's REST API
// whybot uses, fed by MarketData and a clock. Tests and replays point the real ccxt at it (see pointExchangeAt).
// It records every call, can add latency to each, and plays faults (429, 500, stall) on request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { binanceRoute } from './binance-routes.ts';
import { FaultPlan } from './faults.ts';
import type { MarketData } from './market-data.ts';

/** Options for startSimulator. */
export interface SimulatorOptions {
  data: MarketData;
  /** The simulated "now" in epoch ms (fixed in replays, movable in tests). */
  now: () => number;
  /** Delay added to every answer, in ms (for benchmarks of cold requests). */
  latencyMs?: number;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
}

/** One request the simulator received. */
export interface SimulatorCall {
  path: string;
  query: string;
  at: number;
  status: number;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  faults: FaultPlan;
  calls: SimulatorCall[];
  /** Change the added latency. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Start the simulator and resolve once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const faults = new FaultPlan();
  const calls: SimulatorCall[] = [];
  let latencyMs = options.latencyMs ?? 0;
  const stalled = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: SimulatorCall = { path: url.pathname, query: url.search, at: Date.now(), status: 0 };
    calls.push(call);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const fault = faults.take(url.pathname);
    if (fault?.kind === 'stall') {
      call.status = -1;
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return; // never answered; the client's timeout must fire
    }
    if (fault?.kind === 'rate-limit') {
      call.status = 429;
      return send(
        res,
        429,
        { code: -1003, msg: 'Too many requests; simulated rate limit.' },
        { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
      );
    }
    if (fault?.kind === 'server-error') {
      call.status = 500;
      res.writeHead(500, { 'content-type': 'text/plain' });
      return res.end('Internal Server Error (simulated)');
    }
    const answer = binanceRoute(options.data, url.pathname, url.searchParams, options.now());
    call.status = answer?.status ?? 404;
    if (!answer) return send(res, 404, { code: -5000, msg: `Path ${url.pathname} not found (simulator).` });
    send(res, answer.status, answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { code: -1000, msg: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    calls,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: async () => {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
