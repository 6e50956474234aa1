// Opens the Redis connection whybot shares state through (REDIS_URL), and names its keys under one prefix.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { guardOf, REDIS_COMMAND_TIMEOUT_MS } from './redis-guard.ts';

/**
 * Open a Redis connection. Commands fail after a couple of reconnection attempts, or after a short deadline when
 * the server accepts and never answers, instead of queueing forever. Its guard (guardOf, redis-guard.ts) says an
 * outage and the return once each, on `options.logger`.
 */
export function connectRedis(url: string, options: { name?: string; logger?: Logger } = {}): Redis {
  const redis = new Redis(url, {
    connectionName: options.name ?? 'whybot',
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
    // a black hole would otherwise hold every command (and its caller) until the connection is given up
    commandTimeout: 2 * REDIS_COMMAND_TIMEOUT_MS,
  });
  // ioredis reports every failed reconnection as an 'error' event; the guard says the outage once instead
  redis.on('error', () => undefined);
  guardOf(redis, options.logger ? { logger: options.logger } : {});
  return redis;
}

/** A key under the prefix: `redisKey('whybot', 'snapshot', 'x')` is `whybot:snapshot:x`. */
export function redisKey(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join(':');
}
