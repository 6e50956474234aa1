// Keeps a Redis outage from holding up the work that merely shares state through Redis (the snapshot, charts,
// Retry-After pauses). Each command run through the guard gets a short deadline; a command that fails or misses
// it marks Redis down, and while it is down commands fail at once (RedisUnavailableError), so the caller falls
// back to this process's own state without waiting. The outage is logged once, a probe (PING) looks every
// second, and the return is logged once. A black hole (a server that accepts and never answers) is caught by the
// deadline; a closed port by ioredis's connection state. One guard per connection (guardOf).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Redis is down (or was found down moments ago): the command was not run, or did not finish in time. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

/** Where the guarded connection stands, for the health check. */
export interface RedisState {
  ok: boolean;
  /** Epoch ms the current outage began (down only). */
  since?: number;
  /** Why it is down, one line (down only). */
  reason?: string;
}

/** Settings of a RedisGuard. */
export interface RedisGuardOptions {
  /** Where the outage and the return are said, once each. */
  logger?: Logger;
  /** Longest a guarded command may take before Redis counts as down, ms (default 1,500). */
  timeoutMs?: number;
  /** How often a probe looks while Redis is down, ms (default 1,000). */
  probeMs?: number;
  /** Wall clock, epoch ms. */
  now?: () => number;
}

/** Default deadline of a guarded command, ms: Redis answers in well under a millisecond when it is up. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_500;

/** ioredis states in which no command can be sent (it would wait for reconnection attempts). */
const DOWN_STATES = new Set(['reconnecting', 'close', 'end']);

/** The outage breaker of one connection. */
export class RedisGuard {
  private down: RedisState | undefined;
  private probe: NodeJS.Timeout | undefined;
  private readonly timeoutMs: number;
  private readonly probeMs: number;
  private readonly now: () => number;

  constructor(
    readonly redis: Redis,
    private readonly options: RedisGuardOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? REDIS_COMMAND_TIMEOUT_MS;
    this.probeMs = options.probeMs ?? 1_000;
    this.now = options.now ?? Date.now;
    redis.on('error', (err: Error) => (this.lastError = err.message.split('\n')[0]));
    // a dropped connection (or a refused one) is an outage even when no command was waiting
    redis.on('reconnecting', () => this.markDown(this.lastError ?? 'connection lost'));
    redis.on('end', () => this.stopProbe());
  }

  private lastError: string | undefined;

  /** True when commands may be sent (not known to be down). */
  get available(): boolean {
    // ('close' and 'end' without an outage: the connection is being closed on purpose; nothing to say)
    return this.down === undefined && !DOWN_STATES.has(this.redis.status);
  }

  /** Where Redis stands now. */
  state(): RedisState {
    if (this.down !== undefined) return { ...this.down };
    return this.available ? { ok: true } : { ok: false, reason: `connection ${this.redis.status}` };
  }

  /**
   * Run `command` with a deadline; throws RedisUnavailableError at once while Redis is down, and when the command
   * fails on the connection or misses the deadline (Redis then counts as down until a probe answers).
   */
  async run<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    if (!this.available) throw new RedisUnavailableError(`Redis is unreachable (${this.down?.reason ?? 'down'})`);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisUnavailableError(`no answer from Redis within ${this.timeoutMs.toString()} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([command(this.redis), deadline]);
    } catch (error) {
      if (isConnectionError(error)) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        this.markDown(reason);
        throw error instanceof RedisUnavailableError ? error : new RedisUnavailableError(reason, { cause: error });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private markDown(reason: string): void {
    if (this.down !== undefined) return;
    this.down = { ok: false, since: this.now(), reason };
    this.options.logger?.warn(
      { dependency: 'redis', reason, notice: true },
      `Redis is unreachable (${reason}): serving from this process's own snapshot and state until it is back`,
    );
    this.probe = setInterval(() => void this.look(), this.probeMs);
    this.probe.unref();
  }

  private probing = false;

  private async look(): Promise<void> {
    if (this.probing || DOWN_STATES.has(this.redis.status) || this.redis.status !== 'ready') return;
    this.probing = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('probe timed out')), this.timeoutMs))),
      ]);
      const since = this.down?.since;
      this.down = undefined;
      this.stopProbe();
      this.options.logger?.info(
        { dependency: 'redis', notice: true, ...(since === undefined ? {} : { downMs: this.now() - since }) },
        'Redis is reachable again: sharing the snapshot and state through it again',
      );
    } catch {
      // still down; the next probe looks again
    } finally {
      clearTimeout(timer);
      this.probing = false;
    }
  }

  private stopProbe(): void {
    if (this.probe !== undefined) clearInterval(this.probe);
    this.probe = undefined;
  }

  /** Stop the probe (the connection is being closed). */
  close(): void {
    this.stopProbe();
  }
}

/** True for an error of the connection (not of the command itself, like a WRONGTYPE or a script error). */
function isConnectionError(error: unknown): boolean {
  if (error instanceof RedisUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  if ((error as { code?: unknown }).code !== undefined && /^E[A-Z]+$/.test(String((error as { code?: unknown }).code)))
    return true;
  return /Connection is closed|Command timed out|Stream isn't writeable|connect E[A-Z]+|read E[A-Z]+|write E[A-Z]+|LOADING/.test(
    error.message,
  );
}

const guards = new WeakMap<Redis, RedisGuard>();

/** The guard of `redis`: the one connectRedis made (with its logger), or a new one without a logger. */
export function guardOf(redis: Redis, options?: RedisGuardOptions): RedisGuard {
  let guard = guards.get(redis);
  if (guard === undefined) guards.set(redis, (guard = new RedisGuard(redis, options)));
  return guard;
}
