// Opens the Redis connection whybot shares state through (REDIS_URL), and names its keys under one prefix.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Open a Redis connection. Commands fail after a couple of reconnection attempts instead of queueing forever;
 * a lost connection is logged once (not once per reconnection attempt) and its return once. */
export function connectRedis(url: string, options: { name?: string; logger?: Logger } = {}): Redis {
  const redis = new Redis(url, {
    connectionName: options.name ?? 'whybot',
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    options.logger?.warn({ err }, 'Redis connection lost; retrying');
  });
  redis.on('ready', () => {
    if (down) options.logger?.info('Redis connection back');
    down = false;
  });
  return redis;
}

/** A key under the prefix: `redisKey('whybot', 'snapshot', 'x')` is `whybot:snapshot:x`. */
export function redisKey(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join(':');
}
