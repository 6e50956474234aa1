// Open interest and funding per venue through the real ccxt against the local simulator in each venue's own response
// format (Binance USD-M, Bybit, OKX, Hyperliquid): USD values (coins x mark, or OKX's oiUsd), funding per 8 hours
// weighted by open interest (Bybit's 4-hour and Hyperliquid's hourly rates scaled), a coin that fails sinks the
// venue's sample, and 429 / 500 answers surface as errors (never a total).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeverageExchange, LEVERAGE_VENUES, sampleVenue } from '../../src/gather/market-leverage/sample.ts';
import { LeverageSimulator } from '../../src/simulator/leverage/server.ts';

const AT = Date.UTC(2025, 9, 10, 21, 0);
let sim: LeverageSimulator;

beforeAll(async () => {
  sim = await LeverageSimulator.start(['BTC', 'ETH'], () => AT);
});
afterAll(async () => sim.close());

describe.each(LEVERAGE_VENUES)('%s open interest and funding', (venue) => {
  it('GIVEN 80,000 BTC at $110,000 (0.01% per 8h) and 2,000,000 ETH at $4,000 (-0.02% per 4h) THEN $16.8B, OI-weighted funding', async () => {
    // Hyperliquid funds every hour: the same rates per 8 hours are an eighth of them per hour
    const hourly = venue === 'hyperliquid';
    sim.set(venue, 'BTC', { coins: 80_000, mark: 110_000, rate: hourly ? 0.0001 / 8 : 0.0001 });
    sim.set(venue, 'ETH', {
      coins: 2_000_000,
      mark: 4000,
      rate: venue === 'bybit' ? -0.0002 : hourly ? -0.0004 / 8 : -0.0004,
      intervalHours: venue === 'bybit' ? 4 : 8,
    });
    const s = await sampleVenue(venue, createLeverageExchange(venue, sim.url), ['BTC', 'ETH'], AT);
    expect(s.venue).toBe(venue);
    expect(s.markets).toBe(2);
    expect(s.oiUsd).toBeCloseTo(8.8e9 + 8e9, -2);
    // per 8 hours: BTC 0.0001, ETH -0.0004 (Bybit's 4-hour -0.0002 doubled)
    expect(s.fundingSum / s.fundingWeight).toBeCloseTo((0.0001 * 8.8e9 - 0.0004 * 8e9) / 16.8e9, 12);
  });

  it('GIVEN the venue answers 500 THEN the sample fails (no partial total)', async () => {
    const exchange = createLeverageExchange(venue, sim.url);
    await exchange.loadMarkets();
    sim.fail(venue, 500, 8);
    await expect(sampleVenue(venue, exchange, ['BTC', 'ETH'], AT)).rejects.toThrow();
    sim.fail(venue, 500, 0);
  });

  it('GIVEN a 429 with Retry-After THEN the sample fails and the next one after the pause succeeds', async () => {
    const exchange = createLeverageExchange(venue, sim.url);
    await exchange.loadMarkets();
    sim.fail(venue, 429, 4);
    await expect(sampleVenue(venue, exchange, ['BTC', 'ETH'], AT)).rejects.toThrow();
    sim.fail(venue, 429, 0);
    await new Promise((r) => setTimeout(r, 1100));
    await expect(sampleVenue(venue, exchange, ['BTC', 'ETH'], AT)).resolves.toMatchObject({ markets: 2 });
  });
});
