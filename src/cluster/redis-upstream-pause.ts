// The exchanges' Retry-After pauses kept in Redis, so a 429 seen by one process pauses that exchange for every
// process. Same shape as the in-process record (UpstreamPause in src/gather/upstream-pause.ts): one "do not call
// before" time per key, a later pause never shortened, each entry expiring when its pause ends. Commands go
// through the connection's guard (redis-guard.ts), so while Redis is unreachable they fail at once: the process's
// own record answers then (LayeredUpstreamPause in src/gather/upstream-pause.ts).
import type { Redis } from 'ioredis';
import { guardOf, type RedisGuard } from './redis-guard.ts';

/** Where pauses are kept: one "do not call before" time per key (an exchange and its host). */
export interface SharedPause {
  /** Epoch ms until which `key` is paused, or undefined when it is not paused (any more). */
  get(key: string): Promise<number | undefined>;
  /** Pause `key` until `until` (epoch ms); an existing later pause is kept. */
  set(key: string, until: number): Promise<void>;
}

// Keep the later of the stored and the new time; the key expires at that time (PXAT).
const SET_LATER = `local cur = tonumber(redis.call('get', KEYS[1]))
if cur == nil or tonumber(ARGV[1]) > cur then redis.call('set', KEYS[1], ARGV[1], 'PXAT', ARGV[1]) end
return 1`;

/** Retry-After pauses shared by every process on one Redis. */
export class RedisUpstreamPause implements SharedPause {
  private readonly guard: RedisGuard;

  /**
   * @param redis The connection.
   * @param prefix Key prefix (e.g. `whybot:pause`).
   * @param now Wall clock, epoch ms.
   */
  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.guard = guardOf(redis);
  }

  /** Throws RedisUnavailableError (at once, or after the guard's deadline) while Redis is unreachable. */
  async get(key: string): Promise<number | undefined> {
    const raw = await this.guard.run((redis) => redis.get(`${this.prefix}:${key}`));
    const until = raw === null ? Number.NaN : Number(raw);
    return Number.isFinite(until) && until > this.now() ? until : undefined;
  }

  async set(key: string, until: number): Promise<void> {
    if (!(until > this.now())) return;
    await this.guard.run((redis) => redis.eval(SET_LATER, 1, `${this.prefix}:${key}`, Math.ceil(until).toString()));
  }
}
