// Gather source: market breadth and cross-asset references from one fetchTickers over every linear
// perpetual that settles in the quote currency: how many markets are down on the day, and the price and
// change of non-crypto references the exchange lists (tokenized gold such as PAXG). Absent ones are omitted.
import type { MarketInterface as Market, Ticker as CcxtTicker } from 'ccxt';
import { fetchPart, missing, type SourceContext } from './source-context.ts';
import { TICKER_STALE_AFTER_MS } from './tickers.ts';
import type { MarketBreadth, Part, ReferenceTicker } from './types.ts';
import { loadMarkets } from './exchange.ts';

/** Reference assets looked for by default: base symbol -> what it stands for. */
export const DEFAULT_REFERENCES: Readonly<Record<string, string>> = {
  PAXG: 'tokenized gold (PAXG)',
  XAUT: 'tokenized gold (XAUT)',
};

/** Fewer markets than this make no meaningful breadth figure. */
export const MIN_BREADTH_MARKETS = 5;

/** Options for fetchBreadthPart. */
export interface BreadthOptions {
  /** Quote and settle currency of the perpetuals (default USDT). */
  quote?: string;
  /** Reference assets to report when listed (default DEFAULT_REFERENCES); they are left out of the breadth. */
  references?: Readonly<Record<string, string>>;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The linear perpetuals settling in `quote` that are trading. */
export function linearPerpetuals(markets: Record<string, Market | undefined>, quote: string): Market[] {
  return Object.values(markets).filter(
    (m): m is Market =>
      m !== undefined &&
      m.swap === true &&
      m.linear === true &&
      m.settle === quote &&
      m.quote === quote &&
      m.active !== false,
  );
}

/** Breadth and references from tickers (pure; exported for tests). Stale or changeless tickers are not counted. */
export function breadthFromTickers(
  perps: Market[],
  tickers: Record<string, CcxtTicker>,
  now: number,
  references: Readonly<Record<string, string>>,
): { breadth: MarketBreadth; asOf: number } | { reason: string } {
  const changes: number[] = [];
  const refs: Record<string, ReferenceTicker> = {};
  let asOf = -Infinity;
  for (const m of perps) {
    const t = tickers[m.symbol];
    const at = t?.timestamp;
    const change = t?.percentage;
    if (
      !t ||
      typeof at !== 'number' ||
      now - at > TICKER_STALE_AFTER_MS ||
      typeof change !== 'number' ||
      !Number.isFinite(change)
    )
      continue;
    const label = references[m.base];
    if (label !== undefined) {
      if (typeof t.last === 'number' && t.last > 0)
        refs[m.base] = { base: m.base, label, symbol: m.symbol, price: t.last, changePct: change, at };
      continue;
    }
    changes.push(change);
    asOf = Math.max(asOf, at);
  }
  if (changes.length < MIN_BREADTH_MARKETS)
    return { reason: `only ${changes.length} perpetual markets with a fresh 24h change` };
  const down = changes.filter((c) => c < 0).length;
  const up = changes.filter((c) => c > 0).length;
  return {
    asOf,
    breadth: {
      markets: changes.length,
      down,
      up,
      downSharePct: (down / changes.length) * 100,
      medianChangePct: median(changes),
      references: refs,
    },
  };
}

/** Breadth and references from the build's shared all-perpetuals fetchTickers call. Never throws. */
export async function fetchBreadthPart(ctx: SourceContext, options: BreadthOptions = {}): Promise<Part<MarketBreadth>> {
  const quote = options.quote ?? 'USDT';
  const references = options.references ?? DEFAULT_REFERENCES;
  const source = `${ctx.exchangeName} fetchTickers (all ${quote} perpetuals)`;
  let perps: Market[];
  try {
    perps = linearPerpetuals(await loadMarkets(ctx.exchange), quote);
  } catch {
    return missing(source, 'markets unavailable');
  }
  if (perps.length === 0) return missing(source, `${ctx.exchangeName} lists no ${quote} perpetuals`);
  return fetchPart(
    source,
    ctx,
    () => ctx.allTickers(),
    (tickers) => {
      const got = breadthFromTickers(perps, tickers, ctx.now, references);
      if ('reason' in got) return missing(source, got.reason);
      return { ok: true, source, value: got.breadth, asOf: got.asOf };
    },
  );
}
