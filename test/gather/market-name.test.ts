// Live snapshots name the exchange and the market whybot reads there (its linear perpetuals).
import { describe, expect, it } from 'vitest';
import { marketDisplayName } from '../../src/gather/exchange.ts';

describe('the market a live snapshot names', () => {
  it.each([
    ['binanceusdm', 'Binance USD-M'],
    ['binance', 'Binance USD-M'],
    ['bybit', 'Bybit perpetuals'],
    ['okx', 'OKX perpetuals'],
    ['kraken', 'kraken perpetuals'],
  ])('%s reads %s', (id, name) => {
    expect(marketDisplayName(id)).toBe(name);
  });
});
