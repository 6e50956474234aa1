// Normalisation of ccxt liquidations: each exchange's side convention, USD from contracts x contract
// size x price (inverse contracts too), every OKX detail, and rejection (never a guess) of bad values.
import type { Liquidation } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/gather/liquidations/backoff.ts';
import {
  eventKey,
  liquidatedSide,
  normaliseLiquidation,
  type MarketFacts,
} from '../../src/gather/liquidations/normalise.ts';

const AT = Date.UTC(2026, 1, 5, 14, 3, 7);
const BTC: MarketFacts = { symbol: 'BTC/USDT:USDT', base: 'BTC', contractSize: 1 };
const OKX_BTC: MarketFacts = { symbol: 'BTC/USDT:USDT', base: 'BTC', contractSize: 0.01 };
const OKX_INVERSE: MarketFacts = { symbol: 'BTC/USD:BTC', base: 'BTC', contractSize: 100, inverse: true };

function liq(fields: Partial<Liquidation> & { info?: unknown }): Liquidation {
  return {
    symbol: 'BTC/USDT:USDT',
    price: 60_000,
    contracts: 2,
    side: 'sell',
    timestamp: AT,
    info: {},
    ...fields,
  } as Liquidation;
}

describe('liquidatedSide', () => {
  it('reads Binance and OKX order sides (sell = a long) and Bybit position sides (buy = a long)', () => {
    expect(liquidatedSide('binanceusdm', 'sell')).toBe('long');
    expect(liquidatedSide('binanceusdm', 'buy')).toBe('short');
    expect(liquidatedSide('okx', 'sell')).toBe('long');
    expect(liquidatedSide('okx', 'buy', 'short')).toBe('short');
    expect(liquidatedSide('okx', 'sell', 'short')).toBe('short'); // posSide names the position outright
    expect(liquidatedSide('bybit', 'buy')).toBe('long');
    expect(liquidatedSide('bybit', 'Sell')).toBe('short');
    expect(liquidatedSide('bybit', undefined)).toBeUndefined();
    expect(liquidatedSide('binanceusdm', 'hold')).toBeUndefined();
  });
});

describe('normaliseLiquidation', () => {
  it('values a linear contract at contracts x contract size x price', () => {
    const r = normaliseLiquidation(
      'okx',
      liq({ info: { details: [{ sz: '150', bkPx: '60000', side: 'sell', posSide: 'long', ts: String(AT) }] } }),
      OKX_BTC,
    );
    expect(r).toEqual({
      ok: true,
      events: [
        {
          exchange: 'okx',
          symbol: 'BTC/USDT:USDT',
          coin: 'BTC',
          side: 'long',
          amount: 1.5,
          price: 60_000,
          usd: 90_000,
          at: AT,
        },
      ],
    });
  });

  it('takes every detail of an OKX entry, not only the first one ccxt parses', () => {
    const details = [
      { sz: '100', bkPx: '60000', side: 'sell', posSide: 'long', ts: String(AT) },
      { sz: '50', bkPx: '59900', side: 'sell', posSide: 'long', ts: String(AT + 5) },
      { sz: '10', bkPx: '60100', side: 'buy', posSide: 'short', ts: String(AT + 9) },
    ];
    const r = normaliseLiquidation('okx', liq({ contracts: 100, info: { details } }), OKX_BTC);
    expect(r.ok && r.events.map((e) => [e.side, e.usd, e.at])).toEqual([
      ['long', 60_000, AT],
      ['long', 0.5 * 59_900, AT + 5],
      ['short', 0.1 * 60_100, AT + 9],
    ]);
  });

  it('values an inverse contract at contracts x contract size (USD) and converts the size to coins', () => {
    const r = normaliseLiquidation(
      'okx',
      liq({ symbol: 'BTC/USD:BTC', info: { details: [{ sz: '30', bkPx: '50000', side: 'buy', ts: String(AT) }] } }),
      OKX_INVERSE,
    );
    expect(r.ok && r.events[0]).toMatchObject({ side: 'short', usd: 3000, amount: 0.06 });
  });

  it("uses Binance's filled quantity z over ccxt's last-fill l", () => {
    const r = normaliseLiquidation(
      'binanceusdm',
      liq({ contracts: 0.2, price: 60_000, info: { l: '0.2', z: '1.2', ap: '60000' } }),
      BTC,
    );
    expect(r.ok && r.events[0]).toMatchObject({ amount: 1.2, usd: 72_000, side: 'long' });
  });

  it('rejects values it cannot trust instead of guessing', () => {
    const bad: Array<[Partial<Liquidation>, MarketFacts | undefined, RegExp]> = [
      [{ contracts: undefined }, BTC, /bad size/],
      [{ contracts: 0 }, BTC, /bad size/],
      [{ contracts: Number.NaN }, BTC, /bad size/],
      [{ price: undefined }, BTC, /bad price/],
      [{ price: -1 }, BTC, /bad price/],
      [{ timestamp: undefined }, BTC, /bad time/],
      [{ timestamp: 1 }, BTC, /bad time/],
      [{ side: undefined }, BTC, /bad side/],
      [{}, { ...BTC, contractSize: undefined }, /no contract size/],
      [{ symbol: 'NOPE/USDT:USDT' }, undefined, /unknown market/],
    ];
    for (const [fields, market, reason] of bad) {
      const r = normaliseLiquidation('bybit', liq(fields), market);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
    // one bad detail rejects the whole OKX entry rather than counting part of it
    const partial = normaliseLiquidation(
      'okx',
      liq({
        info: {
          details: [
            { sz: '1', bkPx: '1', side: 'sell', ts: String(AT) },
            { sz: 'x', bkPx: '1', side: 'sell', ts: String(AT) },
          ],
        },
      }),
      OKX_BTC,
    );
    expect(partial.ok).toBe(false);
  });
});

describe('eventKey', () => {
  it('keys the same liquidation the same way and different ones differently', () => {
    const e = {
      exchange: 'okx',
      symbol: 'BTC/USDT:USDT',
      coin: 'BTC',
      side: 'long' as const,
      amount: 1,
      price: 2,
      usd: 2,
      at: AT,
    };
    expect(eventKey(e)).toBe(eventKey({ ...e }));
    expect(eventKey(e)).not.toBe(eventKey({ ...e, at: AT + 1 }));
    expect(eventKey(e)).not.toBe(eventKey({ ...e, side: 'short' }));
  });
});

describe('backoffDelay', () => {
  it('retries the first time within 5 s by default, whatever the jitter, then grows to the cap', () => {
    expect(backoffDelay(0, {}, () => 0)).toBeLessThanOrEqual(5000);
    expect(backoffDelay(0, {}, () => 1)).toBeLessThanOrEqual(5000);
    expect(backoffDelay(0, { jitter: 0 })).toBe(1000);
    expect(backoffDelay(3, { jitter: 0 })).toBe(8000);
    expect(backoffDelay(30, { jitter: 0 })).toBe(60_000);
    expect(backoffDelay(30, { jitter: 0.2 }, () => 1)).toBe(60_000);
  });
});
