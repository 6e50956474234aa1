// Gather source: the current funding rate of every tracked perpetual, in one fetchFundingRates call.
import type { FundingRate, Part } from './types.ts';
import { fetchPart, missing, type SourceContext } from './source-context.ts';

/** Parse ccxt's funding interval string ("8h") into hours. */
function intervalHours(interval: unknown): number | undefined {
  const m = typeof interval === 'string' ? /^(\d+)h$/.exec(interval) : null;
  return m ? Number(m[1]) : undefined;
}

/** Fetch current funding rates for the tracked coins; coins without a rate are left out. */
export async function fetchFundingPart(ctx: SourceContext): Promise<Part<Record<string, FundingRate>>> {
  const source = `${ctx.exchangeName} funding rates`;
  const symbols = Object.values(ctx.symbols);
  if (symbols.length === 0) return missing(source, 'none of the tracked coins is listed');
  return fetchPart(
    source,
    ctx,
    () => ctx.exchange.fetchFundingRates(symbols),
    (raw) => {
      const out: Record<string, FundingRate> = {};
      for (const [coin, symbol] of Object.entries(ctx.symbols)) {
        const f = raw[symbol];
        if (
          !f ||
          typeof f.fundingRate !== 'number' ||
          !Number.isFinite(f.fundingRate) ||
          typeof f.timestamp !== 'number'
        )
          continue;
        const hours = intervalHours(f.interval);
        out[coin] = {
          coin,
          symbol,
          rate: f.fundingRate,
          at: f.timestamp,
          ...(hours !== undefined ? { intervalHours: hours } : {}),
        };
      }
      const times = Object.values(out).map((f) => f.at);
      if (times.length === 0) return missing(source, 'no funding rates returned');
      return { ok: true, source, value: out, asOf: Math.max(...times) };
    },
  );
}
