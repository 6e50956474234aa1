// A lock in Redis with an expiry: SET NX PX to take it, and compare-and-delete / compare-and-extend scripts so a
// holder only ever releases or renews its own lock (a crashed holder's lock simply expires).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/** One lock key held (or not) by this instance's token. */
export class RedisLock {
  /** This holder's token (what the key holds while we hold the lock). */
  readonly token: string;

  /**
   * @param redis The connection.
   * @param key The lock's key.
   * @param ttlMs How long the lock lasts unless renewed.
   * @param owner Readable holder name put before the random part of the token (host:pid), for operators.
   */
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly ttlMs: number,
    owner = 'whybot',
  ) {
    this.token = `${owner}#${randomUUID()}`;
  }

  /** Take the lock if it is free; true when this holder now has it. */
  async acquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** Extend the lock by its TTL; false when it is no longer ours (expired, or taken by another). */
  async renew(): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.key, this.token, this.ttlMs.toString())) === 1;
  }

  /** Release the lock if it is still ours. */
  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }

  /** Who holds the lock now (its token), or undefined when it is free. */
  async holder(): Promise<string | undefined> {
    return (await this.redis.get(this.key)) ?? undefined;
  }
}
