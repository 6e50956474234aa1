// Leader election on a Redis lock: of all processes asking, exactly one leads (runs the liquidation collectors,
// the digest scheduler and the alert watcher). The leader renews its lock every third of its TTL; when a renewal
// fails (the lock expired or Redis is out of reach) it steps down at once, so two never lead together for long.
// A leader that dies stops renewing: its lock expires and a waiting process takes over within about one TTL.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisLock } from './redis-lock.ts';

/** What leading means: start the work, resolve to the function that stops it. */
export type LeadWork = () => Promise<() => Promise<void>>;

/** Settings of a Leader. */
export interface LeaderOptions {
  redis: Redis;
  /** The lock's key (one per kind of leadership). */
  key: string;
  /** Lock TTL, ms: the longest the work is unled after a leader dies. */
  ttlMs: number;
  /** Readable name of this process (host:pid), kept in the lock. */
  owner: string;
  logger: Logger;
  /** Run while this process leads. */
  lead: LeadWork;
  /**
   * Keep leading while Redis cannot be reached (a renewal that fails, as opposed to one that finds the lock taken).
   * For work the far end keeps to one anyway (Telegram refuses a second long poller), so an outage does not stop it.
   */
  keepWhileUnreachable?: boolean;
}

/** One process's part in an election. */
export class Leader {
  private readonly lock: RedisLock;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private leading = false;
  private readonly log: Logger;

  constructor(private readonly options: LeaderOptions) {
    this.lock = new RedisLock(options.redis, options.key, options.ttlMs, options.owner);
    this.log = options.logger.child({ part: 'leader', lock: options.key });
  }

  /** Whether this process leads now. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Start taking part: lead when the lock is free, keep it while leading, step down when it is lost. */
  start(): void {
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    const every = Math.max(50, Math.floor(this.options.ttlMs / 3));
    while (!this.abort.signal.aborted) {
      let won = false;
      try {
        won = await this.lock.acquire();
      } catch (err) {
        this.log.warn({ err }, 'could not reach Redis to ask for leadership');
      }
      if (won && !this.abort.signal.aborted) await this.leadWhileHeld(every);
      if (!this.abort.signal.aborted) await this.sleep(every);
    }
  }

  private async leadWhileHeld(every: number): Promise<void> {
    this.leading = true;
    this.log.info({ owner: this.options.owner }, 'leading');
    let stop: (() => Promise<void>) | undefined;
    try {
      stop = await this.options.lead();
      while (!this.abort.signal.aborted) {
        await this.sleep(every);
        if (this.abort.signal.aborted) break;
        const kept = await this.lock.renew().catch((err: unknown) => {
          if (this.options.keepWhileUnreachable) {
            this.log.debug({ err }, 'could not renew leadership (Redis unreachable); still leading');
            return true;
          }
          this.log.warn({ err }, 'could not renew leadership');
          return false;
        });
        if (!kept) {
          this.log.warn('lost leadership: stepping down');
          break;
        }
      }
    } catch (err) {
      this.log.error({ err }, 'leading failed: stepping down');
    } finally {
      this.leading = false;
      await stop?.().catch((err: unknown) => this.log.error({ err }, 'error while stepping down'));
      await this.lock.release().catch(() => undefined);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Stop taking part: a leader stops its work and frees the lock at once (another takes over without waiting). */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }
}
