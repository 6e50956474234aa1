// Reports an upstream connection's state changes once each ("offline: cannot reach Binance USD-M; retrying every
// 30 s", then "back online"), instead of a warning with a stack trace on every retry. Repeated failures while
// already offline go to the debug level, so the log keeps the detail without flooding a terminal.
import type { Logger } from 'pino';

/** Where one upstream link stands. */
export interface LinkStatus {
  /** online: the last attempt worked (or none failed yet); offline: the attempts fail. */
  state: 'online' | 'offline';
  /** Epoch ms of the first failure of the current outage (offline only). */
  since?: number;
  /** The last failure's message, one line (offline only). */
  reason?: string;
}

/**
 * The first line of an error's message, without a stack, and without the "<exchange> GET <url>" prefix ccxt puts
 * before network errors ("fetch failed: getaddrinfo ENOTFOUND fapi.binance.com").
 */
export function shortError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split('\n')[0] ?? message).trim();
  return first.replace(/^\S+ (?:GET|POST|PUT|DELETE) \S+ /, '');
}

/** One upstream link (an exchange's markets, a websocket): logs each change of state once. */
export class LinkState {
  private status: LinkStatus = { state: 'online' };

  /**
   * @param log where the lines go; state changes carry `notice: true` so a terminal shows them
   * @param label what is reached, for people: "Binance USD-M markets", "the OKX liquidation stream"
   * @param now the clock (epoch ms)
   */
  constructor(
    private readonly log: Logger,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * An attempt failed; `retryMs` is the fixed retry interval (omit it when retries back off). Logs a warning
   * only when the link was online.
   */
  failed(error: unknown, retryMs?: number): void {
    const reason = shortError(error);
    if (this.status.state === 'offline') {
      this.status.reason = reason;
      this.log.debug({ upstream: this.label, reason }, 'still offline');
      return;
    }
    this.status = { state: 'offline', since: this.now(), reason };
    const retry =
      retryMs === undefined ? 'retrying with backoff' : `retrying every ${Math.max(1, Math.round(retryMs / 1000))} s`;
    this.log.warn(
      { upstream: this.label, reason, notice: true },
      `offline: cannot reach ${this.label} (${reason}); ${retry}`,
    );
  }

  /** An attempt worked. Logs "back online" only when the link was offline. */
  succeeded(): void {
    if (this.status.state === 'online') return;
    this.status = { state: 'online' };
    this.log.info({ upstream: this.label, notice: true }, `back online: ${this.label}`);
  }

  /** Where the link stands now (a copy). */
  current(): LinkStatus {
    return { ...this.status };
  }
}
