// What every gather source needs: the loaded exchange, the coin -> market symbol map, the clock time,
// and helpers to turn a result or a failure into a Part with its source.
import type { Exchange } from 'ccxt';
import type { Missing, Part } from './types.ts';
import { failureReason, withRetry, type RetryPolicy } from './upstream-call.ts';

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
}

/** A Missing part with a reason. */
export function missing(source: string, reason: string): Missing {
  return { ok: false, source, reason };
}

/**
 * Run one upstream fetch with retries and convert it to a Part: `toPart` maps the raw result to
 * a Part (it may itself decide the data is missing); a failure becomes Missing with a short reason.
 */
export async function fetchPart<R, T>(source: string, ctx: SourceContext, call: () => Promise<R>, toPart: (raw: R) => Part<T>): Promise<Part<T>> {
  try {
    return toPart(await withRetry(call, ctx.retry));
  } catch (error) {
    return missing(source, failureReason(error));
  }
}
