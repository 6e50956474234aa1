// The start-up check of the market settings against what the exchange really lists: a quote currency it has
// no perpetuals in, or a tracked coin it does not list, is named with the setting to change, instead of
// answering "try again in a minute" forever.
import type { Exchange, Market } from 'ccxt';
import { linearPerpetuals } from './breadth.ts';
import { exchangeName } from '../core/markets.ts';
import { loadMarkets } from './exchange.ts';

/** The problems of `coins` on `quote` given the exchange's loaded `markets` (pure); empty when all is well. */
export function marketProblems(
  markets: Record<string, Market | undefined>,
  exchangeName: string,
  coins: readonly string[],
  quote: string,
): string[] {
  const perps = linearPerpetuals(markets, quote);
  if (perps.length === 0) {
    const quotes = [
      ...new Set(Object.values(markets).flatMap((m) => (m?.swap && m.linear && m.settle ? [m.settle] : []))),
    ].sort();
    return [
      `WHYBOT_QUOTE: ${exchangeName} has no ${quote}-settled perpetuals; set WHYBOT_QUOTE to ${quotes.length ? `one of ${quotes.join(', ')}` : 'a currency it settles in'}`,
    ];
  }
  const bases = new Set(perps.map((m) => m.base));
  const missing = coins.filter((coin) => !bases.has(coin));
  return missing.map((coin) => {
    // Binance lists small-priced coins per 1000 (1000PEPE): say so.
    const near = [...bases].filter((b) => b !== coin && b.replace(/^1\d*0+/, '') === coin);
    const hint = near.length ? ` (it lists ${near.join(', ')})` : '';
    return `${coin} is not listed on ${exchangeName} as a ${quote} perpetual${hint}; set WHYBOT_COINS to coins it lists`;
  });
}

/**
 * Load the markets and check the settings; resolves to the problems (empty when all is well). Rejects when
 * the markets cannot be loaded (the caller decides: at start-up, an unreachable exchange is not fatal).
 */
export async function checkMarkets(exchange: Exchange, coins: readonly string[], quote: string): Promise<string[]> {
  const markets = await loadMarkets(exchange);
  return marketProblems(markets, exchangeName(exchange.id), coins, quote);
}
