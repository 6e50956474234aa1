// An upstream that is down is reported once per state change, as a short line without a stack.
import { describe, expect, it } from 'vitest';
import { LinkState, shortError } from '../../src/observability/link-state.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const NETWORK_ERROR = new Error(
  'binanceusdm GET https://fapi.binance.com/fapi/v1/exchangeInfo fetch failed: getaddrinfo ENOTFOUND fapi.binance.com',
);

describe('LinkState', () => {
  it('GIVEN ten failed retries THEN one warning names the upstream and the retry interval, the rest are debug lines', () => {
    const { logger, lines } = memoryLogger();
    let now = 1_000;
    const link = new LinkState(logger, 'Binance USD-M markets', () => now);
    for (let i = 0; i < 10; i += 1) {
      link.failed(NETWORK_ERROR, 30_000);
      now += 30_000;
    }
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((l) => l.msg)).toEqual([
      'offline: cannot reach Binance USD-M markets (fetch failed: getaddrinfo ENOTFOUND fapi.binance.com); retrying every 30 s',
    ]);
    expect(warnings[0]?.notice).toBe(true);
    expect(lines.filter((l) => l.level === 20)).toHaveLength(9);
    expect(JSON.stringify(lines)).not.toContain('at async');
    expect(link.current()).toEqual({
      state: 'offline',
      since: 1_000,
      reason: 'fetch failed: getaddrinfo ENOTFOUND fapi.binance.com',
    });
  });

  it('GIVEN an outage that ends THEN "back online" is logged once, and a new outage is reported again', () => {
    const { logger, lines } = memoryLogger();
    const link = new LinkState(logger, 'the OKX liquidation stream');
    link.succeeded();
    link.failed(new Error('socket hang up'));
    link.succeeded();
    link.succeeded();
    link.failed(new Error('socket hang up'));
    expect(lines.filter((l) => l.notice === true).map((l) => l.msg)).toEqual([
      'offline: cannot reach the OKX liquidation stream (socket hang up); retrying with backoff',
      'back online: the OKX liquidation stream',
      'offline: cannot reach the OKX liquidation stream (socket hang up); retrying with backoff',
    ]);
  });

  it("shortError keeps the first line and drops ccxt's request prefix", () => {
    expect(shortError(new Error('first line\n    at stack (file.ts:1:1)'))).toBe('first line');
    expect(shortError('okx GET https://www.okx.com/api/v5/public/instruments?instType=SWAP fetch failed')).toBe(
      'fetch failed',
    );
  });
});
