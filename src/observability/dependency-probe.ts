// Looks at a dependency that is otherwise only used now and then (the PostgreSQL database) when the health check
// asks, at most every few seconds and in the background, so /readyz can name it when it is down without waiting on
// it. The answer is the last look's (ok until the first look has failed).

/** Where a dependency stands, as the health report shows it. */
export interface DependencyState {
  /** Who it is, for operators: "Redis", "PostgreSQL". */
  name: string;
  ok: boolean;
  /** Why it is failing, one line (failing only). */
  reason?: string;
  /** Epoch ms the current failure began (failing only). */
  since?: number;
}

/** Settings of a DependencyProbe. */
export interface DependencyProbeOptions {
  /** Looks at most this often, ms (default 5,000). */
  everyMs?: number;
  /** A look that takes longer fails, ms (default 3,000). */
  timeoutMs?: number;
  /** Wall clock, epoch ms. */
  now?: () => number;
}

/** One dependency looked at with `check` (resolves when it answers). */
export class DependencyProbe {
  private last: DependencyState;
  private lookedAt = Number.NEGATIVE_INFINITY;
  private looking = false;
  private readonly everyMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly check: () => Promise<unknown>,
    options: DependencyProbeOptions = {},
  ) {
    this.last = { name, ok: true };
    this.everyMs = options.everyMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.now = options.now ?? Date.now;
  }

  /** The last look's answer; starts a new look in the background when the last is older than `everyMs`. */
  state(): DependencyState {
    if (!this.looking && this.now() - this.lookedAt >= this.everyMs) void this.look();
    return { ...this.last };
  }

  /** Look now; resolves once the answer is in. */
  async look(): Promise<DependencyState> {
    this.looking = true;
    this.lookedAt = this.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.check(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${this.timeoutMs.toString()} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
      this.last = { name: this.name, ok: true };
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
      this.last = { name: this.name, ok: false, reason, since: this.last.ok ? this.now() : this.last.since! };
    } finally {
      clearTimeout(timer);
      this.looking = false;
    }
    return { ...this.last };
  }
}
