// The start-up check of WHYBOT_COINS and WHYBOT_QUOTE against the markets an exchange lists (pure part;
// the CLI test runs it against the simulator through the real executable).
import type { Market } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { marketProblems } from '../../src/gather/check-markets.ts';

const perp = (base: string, quote = 'USDT') =>
  ({
    symbol: `${base}/${quote}:${quote}`,
    base,
    quote,
    settle: quote,
    swap: true,
    linear: true,
    active: true,
  }) as unknown as Market;
const markets = Object.fromEntries(
  [['BTC'], ['ETH'], ['1000PEPE'], ['BTC', 'USDC']].map(([base, quote]) => [
    `${base}/${quote ?? 'USDT'}`,
    perp(base!, quote),
  ]),
);

describe('marketProblems', () => {
  it('is empty when every coin is listed on the quote', () => {
    expect(marketProblems(markets, 'Binance USD-M', ['BTC', 'ETH'], 'USDT')).toEqual([]);
  });

  it('names a coin that is not listed, pointing at the per-1000 market when there is one', () => {
    expect(marketProblems(markets, 'Binance USD-M', ['BTC', 'PEPE', 'DOGE'], 'USDT')).toEqual([
      'PEPE is not listed on Binance USD-M as a USDT perpetual (it lists 1000PEPE); set WHYBOT_COINS to coins it lists',
      'DOGE is not listed on Binance USD-M as a USDT perpetual; set WHYBOT_COINS to coins it lists',
    ]);
  });

  it('names a quote the exchange has no perpetuals in, with the ones it has', () => {
    expect(marketProblems(markets, 'Binance USD-M', ['BTC'], 'EUR')).toEqual([
      'WHYBOT_QUOTE: Binance USD-M has no EUR-settled perpetuals; set WHYBOT_QUOTE to one of USDC, USDT',
    ]);
  });
});
