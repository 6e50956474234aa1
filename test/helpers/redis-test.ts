// Test helper for tests against the real Redis: REDIS_URL_TEST says where it is (unset: those tests are
// reported as skipped), and every test run gets its own key prefix, removed afterwards.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis URL tests may use, or undefined when Redis tests are not to run. */
export const REDIS_URL_TEST = process.env.REDIS_URL_TEST || undefined;

/** A fresh prefix for one test run's keys and queues, e.g. `whybot-test-1a2b3c4d`. */
export function testPrefix(): string {
  return `whybot-test-${randomUUID().slice(0, 8)}`;
}

/** A connection to the test Redis. */
export function testRedis(): Redis {
  if (REDIS_URL_TEST === undefined) throw new Error('REDIS_URL_TEST is not set');
  return new Redis(REDIS_URL_TEST, { maxRetriesPerRequest: 2 });
}

/** Delete every key under `prefix` (the test run's clean-up). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
