// One upstream call with a bounded retry policy, shared by every gather source:
// a rate limit (429) or a server error (5xx) is retried briefly with jittered backoff; a timeout is not
// (the user is already waiting); anything else fails at once. When the exchange asked us to wait
// (Retry-After, see rate-limit-gate.ts), the retry waits that long if it is short, or gives up at once
// without sending anything. The error becomes a short reason.
import pRetry, { AbortError } from 'p-retry';
import ccxt from 'ccxt';
import { publicReason } from '../core/error-reason.ts';
import { UpstreamPausedError } from './rate-limit-gate.ts';

/** Retry settings for upstream calls. */
export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  /** Longest Retry-After a retry waits out, ms (default MAX_PAUSE_WAIT_MS); a longer one fails the call. */
  maxPauseWaitMs?: number;
}

/** Default: two retries, about 300 ms then 600 ms (with jitter). */
export const defaultRetryPolicy: RetryPolicy = { retries: 2, minTimeoutMs: 300 };

/** Longest Retry-After waited out inside one call by default, ms: a person is waiting for the answer. */
export const MAX_PAUSE_WAIT_MS = 3_000;

/** True for failures worth another try: rate limits and the exchange being briefly unavailable. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ccxt.RequestTimeout) return false;
  return (
    error instanceof ccxt.RateLimitExceeded ||
    error instanceof ccxt.DDoSProtection ||
    error instanceof ccxt.ExchangeNotAvailable ||
    error instanceof ccxt.NetworkError
  );
}

/**
 * A short reason for an upstream failure, fit for a chat (no stack, no URL, host, port or library text: see
 * publicReason); the failure itself is for the logs.
 */
export function failureReason(error: unknown): string {
  if (error instanceof ccxt.RequestTimeout) return 'timed out';
  if (error instanceof UpstreamPausedError) return `rate limited: ${error.message}`;
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) return 'rate limited (429)';
  if (error instanceof ccxt.ExchangeNotAvailable) return 'exchange unavailable (5xx)';
  if (error instanceof ccxt.NetworkError) return 'network error';
  return publicReason(error);
}

/** Run `call`, retrying transient failures per `policy`; a Retry-After pause is waited out or ends the call. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = defaultRetryPolicy): Promise<T> {
  const maxWait = policy.maxPauseWaitMs ?? MAX_PAUSE_WAIT_MS;
  return pRetry(
    async () => {
      try {
        return await call();
      } catch (error) {
        if (!isTransient(error)) throw new AbortError(error as Error);
        // Longer than a person will wait: fail now; nothing is sent before the pause ends anyway.
        if (error instanceof UpstreamPausedError && error.retryAt - Date.now() > maxWait) throw new AbortError(error);
        throw error;
      }
    },
    {
      retries: policy.retries,
      minTimeout: policy.minTimeoutMs,
      factor: 2,
      randomize: true,
      // a short pause is waited out before p-retry's own (jittered) backoff
      onFailedAttempt: async ({ error, retriesLeft }) => {
        if (!(error instanceof UpstreamPausedError) || retriesLeft === 0) return;
        const waitMs = error.retryAt - Date.now();
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      },
    },
  );
}
