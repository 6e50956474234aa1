// The process-wide record of "this exchange asked us to wait until T" (a 429 or 418 with Retry-After).
// Every ccxt client of an exchange consults it before each request (see rate-limit-gate.ts), so one pause
// stops the snapshot builder, the liquidation collectors' REST and the price poller alike. The record sits
// behind a small interface so that several processes can share it (a Redis implementation slots in).

/** Where pauses are kept: one "do not call before" time per key (an exchange and its host). */
export interface UpstreamPause {
  /** Epoch ms until which `key` is paused, or undefined when it is not paused (any more). */
  get(key: string): Promise<number | undefined>;
  /** Pause `key` until `until` (epoch ms); an existing later pause is kept. */
  set(key: string, until: number): Promise<void>;
}

/** UpstreamPause in this process's memory (one process; the default). */
export class MemoryUpstreamPause implements UpstreamPause {
  private readonly until = new Map<string, number>();

  /** @param now Wall clock, epoch ms (Retry-After is real time, also in replays). */
  constructor(private readonly now: () => number = () => Date.now()) {}

  async get(key: string): Promise<number | undefined> {
    const until = this.until.get(key);
    if (until === undefined) return undefined;
    if (until <= this.now()) {
      this.until.delete(key);
      return undefined;
    }
    return until;
  }

  async set(key: string, until: number): Promise<void> {
    const current = this.until.get(key);
    if (current === undefined || until > current) this.until.set(key, until);
  }
}

/**
 * A shared record (Redis) layered over this process's own: every pause is kept here too, reads take the later of
 * the two, and a shared record that fails (Redis unreachable) is left out, so an exchange call never fails or
 * waits because the shared record cannot be read, and a pause seen here is obeyed here all the same.
 */
export class LayeredUpstreamPause implements UpstreamPause {
  /**
   * @param shared The record shared by every process (RedisUpstreamPause); its failures are ignored.
   * @param local This process's record.
   */
  constructor(
    private readonly shared: UpstreamPause,
    private readonly local: UpstreamPause = new MemoryUpstreamPause(),
  ) {}

  async get(key: string): Promise<number | undefined> {
    const [here, there] = await Promise.all([this.local.get(key), this.shared.get(key).catch(() => undefined)]);
    return here === undefined ? there : there === undefined ? here : Math.max(here, there);
  }

  async set(key: string, until: number): Promise<void> {
    await this.local.set(key, until);
    await this.shared.set(key, until).catch(() => undefined);
  }
}

let shared: UpstreamPause = new MemoryUpstreamPause();

/** The pause record every exchange client of this process uses. */
export function upstreamPause(): UpstreamPause {
  return shared;
}

/** Replace the process's pause record (e.g. with one shared through Redis); call before creating exchanges. */
export function useUpstreamPause(pause: UpstreamPause): void {
  shared = pause;
}
