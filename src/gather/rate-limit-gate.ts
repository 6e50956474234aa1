// Makes a ccxt client obey its exchange's rate limits process-wide: a 429 or 418 answer with Retry-After
// pauses every request to that exchange (REST calls and markets loads of every client sharing the pause
// record) until the time has passed. A paused request is refused here, before anything is sent, with an
// UpstreamPausedError that says how long the exchange asked us to wait.
import ccxt, { type Exchange } from 'ccxt';
import { exchangeDisplayName } from './exchange.ts';
import { upstreamPause, type UpstreamPause } from './upstream-pause.ts';

/** Pause after a 418 ("IP banned") that carries no Retry-After, ms. */
export const DEFAULT_BAN_PAUSE_MS = 120_000;

/** The exchange asked us to wait: no request is sent to it before `retryAt`. */
export class UpstreamPausedError extends ccxt.RateLimitExceeded {
  override name = 'UpstreamPausedError';
  /**
   * @param exchangeName Display name ("Binance USD-M").
   * @param retryAt Epoch ms (wall clock) from which requests may be sent again.
   * @param waitMs How long the wait is from now, ms.
   * @param status The HTTP status that started the pause (429 or 418; 429 when refused here).
   */
  constructor(
    readonly exchangeName: string,
    readonly retryAt: number,
    waitMs: number,
    readonly status: number,
  ) {
    super(`${exchangeName} asked us to wait ${waitSeconds(waitMs)} s (rate limit)`);
  }
}

/** Whole seconds of a wait, at least 1. */
export function waitSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** A Retry-After header (seconds, or an HTTP date) as ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The key under which an exchange client's pause is kept: its ccxt id and the host it talks to. */
export function pauseKey(exchange: Exchange): string {
  const hosts = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      const host = /^https?:\/\/([^/]+)/.exec(node)?.[1];
      if (host) hosts.add(host);
    } else if (node && typeof node === 'object') for (const v of Object.values(node)) walk(v);
  };
  walk(exchange.urls?.api);
  return `${exchange.id}@${[...hosts].sort()[0] ?? ''}`;
}

/** Options of guardExchange. */
export interface GateOptions {
  /** The pause record (default: the process's, looked up at each request). */
  pause?: UpstreamPause;
  /** Wall clock, epoch ms. */
  now?: () => number;
}

const GUARDED = Symbol('whybot.rateLimitGate');

/**
 * Route every REST request of `exchange` through the pause record. Call after its URLs are final
 * (pointExchangeAt), since the key includes the host. Guarding twice is harmless.
 */
export function guardExchange(exchange: Exchange, options: GateOptions = {}): Exchange {
  const target = exchange as Exchange & { [GUARDED]?: true };
  if (target[GUARDED]) return exchange;
  target[GUARDED] = true;
  const now = options.now ?? (() => Date.now());
  const pause = () => options.pause ?? upstreamPause();
  const name = exchangeDisplayName(exchange.id);
  const originalFetch = exchange.fetch.bind(exchange);
  const originalOnResponse = exchange.onRestResponse.bind(exchange);

  exchange.onRestResponse = (status, statusText, url, method, headers, body, requestHeaders, requestBody) => {
    if (status === 429 || status === 418) {
      const header = (headers as Record<string, unknown> | undefined)?.['Retry-After'];
      const at = now();
      const waitMs = parseRetryAfter(header, at) ?? (status === 418 ? DEFAULT_BAN_PAUSE_MS : undefined);
      // Thrown from inside ccxt's response handling, so the call rejects with it; fetch below records the pause.
      if (waitMs !== undefined && waitMs > 0) throw new UpstreamPausedError(name, at + waitMs, waitMs, status);
    }
    return originalOnResponse(status, statusText, url, method, headers, body, requestHeaders, requestBody);
  };

  exchange.fetch = async (url, method, headers, body) => {
    const key = pauseKey(exchange);
    const until = await pause().get(key);
    const at = now();
    if (until !== undefined && until > at) throw new UpstreamPausedError(name, until, until - at, 429);
    try {
      return await originalFetch(url, method, headers, body);
    } catch (error) {
      if (error instanceof UpstreamPausedError) await pause().set(key, error.retryAt);
      throw error;
    }
  };
  return exchange;
}

/** Epoch ms until which `exchange` is paused, or undefined. */
export function pausedUntil(exchange: Exchange, pause: UpstreamPause = upstreamPause()): Promise<number | undefined> {
  return pause.get(pauseKey(exchange));
}
