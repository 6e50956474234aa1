// One upstream call with a bounded retry policy, shared by every gather source:
// a rate limit (429) or a server error (5xx) is retried briefly with backoff; a timeout is not
// (the user is already waiting); anything else fails at once. The error becomes a short reason.
import pRetry, { AbortError } from 'p-retry';
import ccxt from 'ccxt';

/** Retry settings for upstream calls. */
export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
}

/** Default: two retries, 300 ms then 600 ms. */
export const defaultRetryPolicy: RetryPolicy = { retries: 2, minTimeoutMs: 300 };

/** True for failures worth another try: rate limits and the exchange being briefly unavailable. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ccxt.RequestTimeout) return false;
  return error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection || error instanceof ccxt.ExchangeNotAvailable || error instanceof ccxt.NetworkError;
}

/** A short, log- and status-friendly reason for an upstream failure (no stack, no URL noise). */
export function failureReason(error: unknown): string {
  if (error instanceof ccxt.RequestTimeout) return 'timed out';
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) return 'rate limited (429)';
  if (error instanceof ccxt.ExchangeNotAvailable) return 'exchange unavailable (5xx)';
  if (error instanceof ccxt.NetworkError) return 'network error';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 160);
}

/** Run `call`, retrying transient failures per `policy`. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = defaultRetryPolicy): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await call();
      } catch (error) {
        if (!isTransient(error)) throw new AbortError(error as Error);
        throw error;
      }
    },
    { retries: policy.retries, minTimeout: policy.minTimeoutMs, factor: 2, randomize: false },
  );
}
