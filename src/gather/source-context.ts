// What every gather source needs: the loaded exchange, the coin -> market symbol map, the clock time,
// and helpers to turn a result or a failure into a Part with its source.
import type { Exchange, Tickers } from 'ccxt';
import type { Missing, Part } from './types.ts';
import { failureReason, withRetry, type RetryPolicy } from './upstream-call.ts';
import { recordUpstreamError, upstreamCalls } from '../observability/metrics.ts';

/** Shared inputs of the gather sources for one snapshot build. */
export interface SourceContext {
  exchange: Exchange;
  /** Display name of the exchange, used in source names ("Binance USD-M"). */
  exchangeName: string;
  /** Tracked coins that the exchange lists, mapped to their unified symbol ("BTC" -> "BTC/USDT:USDT"). */
  symbols: Record<string, string>;
  /** The build's "now", epoch ms. */
  now: number;
  retry: RetryPolicy;
  /** Tickers of every linear perpetual in one call, shared by the tickers and breadth sources (see shareCall). */
  allTickers: () => Promise<Tickers>;
  /** True in replays: recorded prices are labelled with their own time, never rejected as stale against the live clock. */
  replay?: boolean;
}

/**
 * Share one in-flight call among several sources of a build: the first caller starts it, the others get the
 * same promise; a failure is forgotten so a retry starts a fresh call.
 */
export function shareCall<T>(call: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= call().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}

/** A Missing part with a reason. */
export function missing(source: string, reason: string): Missing {
  return { ok: false, source, reason };
}

/**
 * Run one upstream fetch with retries and convert it to a Part: `toPart` maps the raw result to
 * a Part (it may itself decide the data is missing); a failure becomes Missing with a short reason.
 */
export async function fetchPart<R, T>(
  source: string,
  ctx: SourceContext,
  call: () => Promise<R>,
  toPart: (raw: R) => Part<T>,
): Promise<Part<T>> {
  try {
    return toPart(await withRetry(() => (upstreamCalls.inc({ source }), call()), ctx.retry));
  } catch (error) {
    const reason = failureReason(error);
    recordUpstreamError(source, reason);
    return missing(source, reason);
  }
}
