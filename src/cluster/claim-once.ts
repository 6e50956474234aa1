// Claims a key once across every process sharing Redis (SET NX PX): the first claim within the key's lifetime
// wins, later ones lose. Used to handle each incoming chat update once however many webhook processes receive
// it. A Redis that does not answer within CLAIM_TIMEOUT_MS rejects the claim, so the caller can fall back.
import type { Redis } from 'ioredis';
import { redisKey } from './redis.ts';

/** Longest wait for Redis to answer a claim, ms. */
export const CLAIM_TIMEOUT_MS = 1000;

/** A claim function over `redis`, keys under `prefix`: resolves true for the first claim of a key within `ttlMs`. */
export function redisClaimOnce(redis: Redis, prefix: string): (key: string, ttlMs: number) => Promise<boolean> {
  return async (key, ttlMs) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${CLAIM_TIMEOUT_MS} ms`)),
        CLAIM_TIMEOUT_MS,
      );
    });
    try {
      const answer = await Promise.race([redis.set(redisKey(prefix, 'claim', key), '1', 'PX', ttlMs, 'NX'), late]);
      return answer === 'OK';
    } finally {
      clearTimeout(timer);
    }
  };
}
