// A TCP proxy in front of a real server (Redis, PostgreSQL) that can fail the way a network does: `forward` passes bytes both ways;
// `blackhole` accepts connections and never answers (what a dropped route or a hung server looks like to a client);
// `closed` refuses connections (the port is closed). Switching mode cuts the connections open, as a healed
// partition or a restarted server would, so clients reconnect under the new mode. The port stays the same.
import { createServer, connect, type Server, type Socket } from 'node:net';

/** How the proxy treats connections. */
export type ProxyMode = 'forward' | 'blackhole' | 'closed';

/** A running proxy; `url` is the target's URL with the proxy's address (give it as REDIS_URL or DATABASE_URL). */
export interface TcpProxy {
  url: string;
  port: number;
  mode(): ProxyMode;
  /** Change how connections are treated (cuts the open ones). */
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

/** Start a proxy to `target` (a redis:// or postgres:// URL) on a free port of 127.0.0.1, in `mode`. */
export async function startTcpProxy(target: string, mode: ProxyMode = 'forward'): Promise<TcpProxy> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  let current: ProxyMode = mode;
  let server: Server | undefined;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((client) => {
        track(client);
        if (current === 'blackhole') return; // read nothing, answer nothing
        const upstream = connect(Number(to.port || (to.protocol.startsWith('postgres') ? 5432 : 6379)), to.hostname);
        track(upstream);
        client.pipe(upstream).pipe(client);
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as { port: number }).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server === undefined) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  const port = await listen(0);
  if (mode === 'closed') await stop();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = port.toString();
  return {
    url: url.toString(),
    port,
    mode: () => current,
    async set(next) {
      current = next;
      await stop();
      if (next !== 'closed') await listen(port);
    },
    close: stop,
  };
}
