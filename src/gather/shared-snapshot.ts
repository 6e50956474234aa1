// The market snapshot shared by every whybot process through Redis (REDIS_URL): the first process to find it
// missing takes a lock (with an expiry, renewed while it builds) and builds it; the others wait for it to appear,
// and after `waitMs` serve the previous snapshot (it carries its own build time) rather than keep a user waiting.
// So any number of processes build it once per TTL between them. A crashed builder's lock simply expires. Every
// command goes through the connection's guard (src/cluster/redis-guard.ts): while Redis is unreachable getOrBuild
// throws RedisUnavailableError at once (after one short deadline at the start of an outage), and the caller
// builds for itself.
import type { Redis } from 'ioredis';
import { guardOf, type RedisGuard } from '../cluster/redis-guard.ts';
import { RedisLock } from '../cluster/redis-lock.ts';
import type { MarketSnapshot } from './types.ts';

/** A snapshot fetched from (or built for) the shared cache. */
export interface SharedSnapshot {
  snapshot: MarketSnapshot;
  /** Epoch ms (wall clock) until which it may be reused. */
  expiresAt: number;
  /** True when this process built it. */
  built: boolean;
  /** True when it is the previous snapshot, served because a build elsewhere took longer than `waitMs`. */
  previous?: boolean;
}

/** Settings of a SharedSnapshotStore. */
export interface SharedSnapshotOptions {
  redis: Redis;
  /** Key of the snapshot (the lock and the previous copy live beside it). Include what the snapshot depends on. */
  key: string;
  /** How long the build lock lasts unless renewed, ms. */
  lockMs: number;
  /** How often a waiting process looks again, ms (default 50). */
  pollMs?: number;
  /** How long a process waits for another's build before serving the previous snapshot, ms (default 10 s). */
  waitMs?: number;
  /** Readable owner put in the lock (host:pid). */
  owner?: string;
}

/** How long the previous snapshot is kept for waiting processes, ms. */
const PREVIOUS_KEEP_MS = 3_600_000;
/** A previous snapshot served while a build is running is reused this long before looking again, ms. */
const PREVIOUS_REUSE_MS = 5_000;

/** The snapshot in Redis, built once between all processes. */
export class SharedSnapshotStore {
  private readonly pollMs: number;
  private readonly waitMs: number;
  private readonly guard: RedisGuard;

  constructor(private readonly options: SharedSnapshotOptions) {
    this.pollMs = options.pollMs ?? 50;
    this.waitMs = options.waitMs ?? 10_000;
    this.guard = guardOf(options.redis);
  }

  /** The key of the snapshot itself. */
  get key(): string {
    return this.options.key;
  }

  /**
   * The shared snapshot, building it with `build` when it is missing and no other process is building it.
   * `ttlSeconds` says how long a built snapshot is shared. Throws the build's error (to this process only;
   * waiting processes then try themselves) and Redis errors.
   */
  async getOrBuild(
    build: () => Promise<MarketSnapshot>,
    ttlSeconds: (snapshot: MarketSnapshot) => number,
  ): Promise<SharedSnapshot> {
    const { redis, key } = this.options;
    const guard = this.guard;
    const waitUntil = Date.now() + this.waitMs;
    for (;;) {
      const found = await this.read();
      if (found) return found;
      const lock = new RedisLock(redis, `${key}:lock`, this.options.lockMs, this.options.owner);
      if (await guard.run(() => lock.acquire())) {
        const renew = setInterval(
          () => void guard.run(() => lock.renew()).catch(() => undefined),
          Math.max(100, Math.floor(this.options.lockMs / 3)),
        );
        try {
          // another process may have stored it between our read and our lock
          const raced = await this.read();
          if (raced) return raced;
          const snapshot = await build();
          const ttlMs = Math.max(1, Math.round(ttlSeconds(snapshot) * 1000));
          const json = JSON.stringify(snapshot);
          await guard.run((r) =>
            r.multi().set(key, json, 'PX', ttlMs).set(`${key}:previous`, json, 'PX', PREVIOUS_KEEP_MS).exec(),
          );
          return { snapshot, expiresAt: Date.now() + ttlMs, built: true };
        } finally {
          clearInterval(renew);
          await guard.run(() => lock.release()).catch(() => undefined);
        }
      }
      if (Date.now() >= waitUntil) {
        const previous = await guard.run((r) => r.get(`${key}:previous`));
        if (previous !== null)
          return {
            snapshot: JSON.parse(previous) as MarketSnapshot,
            expiresAt: Date.now() + PREVIOUS_REUSE_MS,
            built: false,
            previous: true,
          };
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  /** Forget the shared snapshot (every process builds anew on its next look). */
  async clear(): Promise<void> {
    await this.guard.run((r) => r.del(this.options.key));
  }

  private async read(): Promise<SharedSnapshot | undefined> {
    const key = this.options.key;
    const results = await this.guard.run((r) => r.multi().get(key).pttl(key).exec());
    const raw = results?.[0]?.[1];
    const pttl = Number(results?.[1]?.[1]);
    if (typeof raw !== 'string' || !(pttl > 0)) return undefined;
    return { snapshot: JSON.parse(raw) as MarketSnapshot, expiresAt: Date.now() + pttl, built: false };
  }
}
