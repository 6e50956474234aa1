// Starting a chat adapter while its platform is unreachable (no network yet, a DNS hiccup, a 5xx) is retried
// with jittered backoff and logged once per attempt, instead of ending the process; a refused token or any
// other error still fails at once. p-retry does the retrying.
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from './logger.ts';

/** Backoff of adapter start-up retries: from about 1 s, doubling, at most 30 s between tries. */
export const START_RETRY = { minTimeoutMs: 1_000, maxTimeoutMs: 30_000 };

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** True when `error` says the platform could not be reached (network, timeout, 5xx, 429), not that it said no. */
export function isUnreachable(error: unknown): boolean {
  for (
    let e = error as
        | {
            code?: unknown;
            errno?: unknown;
            name?: unknown;
            message?: unknown;
            status?: unknown;
            response?: { error_code?: unknown };
            cause?: unknown;
          }
        | undefined,
      depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (typeof e.errno === 'string' && NETWORK_CODES.has(e.errno)) return true;
    if (e.name === 'TimeoutError' || e.name === 'ConnectTimeoutError' || e.name === 'FetchError') return true;
    if (e.name === 'TypeError' && e.message === 'fetch failed') return true;
    const status = typeof e.status === 'number' ? e.status : e.response?.error_code;
    if (typeof status === 'number' && (status >= 500 || status === 429)) return true;
  }
  return false;
}

/** Start something with retries while its far end is unreachable; other errors reject at once. */
export function startWithRetry<T>(
  name: string,
  start: () => Promise<T>,
  logger: Logger,
  signal?: AbortSignal,
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await start();
      } catch (error) {
        if (!isUnreachable(error)) throw new AbortError(error as Error);
        throw error;
      }
    },
    {
      retries: Infinity,
      minTimeout: START_RETRY.minTimeoutMs,
      maxTimeout: START_RETRY.maxTimeoutMs,
      factor: 2,
      randomize: true,
      ...(signal ? { signal } : {}),
      onFailedAttempt: ({ error, attemptNumber }) => {
        logger.warn(
          { adapter: name, attempt: attemptNumber, err: (error as Error).message },
          `cannot reach ${name} at start-up; retrying with backoff (up to every ${START_RETRY.maxTimeoutMs / 1000} s)`,
        );
      },
    },
  );
}
