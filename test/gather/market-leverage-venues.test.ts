// Open interest and funding per venue through the real ccxt against the local simulator in each venue's own response
// format (Binance USD-M, Bybit, OKX, Bitget, Hyperliquid, Deribit): USD values (coins x mark, OKX's oiUsd, Deribit's
// USD open interest, Bitget's ticker mark), funding per 8 hours weighted by open interest (Bybit's 4-hour and
// Hyperliquid's hourly rates scaled), and 429 / 500 answers surface as errors (never a partial total). Each venue
// runs against a simulator of its own, so the venues run side by side (a Retry-After pauses its host only).
import { describe, expect, it } from 'vitest';
import { createLeverageExchange, LEVERAGE_VENUES, sampleVenue } from '../../src/gather/market-leverage/sample.ts';
import { LeverageSimulator } from '../../src/simulator/leverage/server.ts';

const AT = Date.UTC(2025, 9, 10, 21, 0);

describe.concurrent('open interest and funding per venue', () => {
  it.each(LEVERAGE_VENUES)(
    '%s: GIVEN 80,000 BTC at 110,000 USD (0.01% per 8h) and 2,000,000 ETH at 4,000 USD (-0.02% per 4h) THEN 16.8B USD and OI-weighted funding; a 500 fails the sample; a 429 fails it until the pause is over',
    async (venue) => {
      const sim = await LeverageSimulator.start(['BTC', 'ETH'], () => AT);
      try {
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

        // a 500: the sample fails, no partial total
        const failing = createLeverageExchange(venue, sim.url);
        await failing.loadMarkets();
        sim.fail(venue, 500, 8);
        await expect(sampleVenue(venue, failing, ['BTC', 'ETH'], AT)).rejects.toThrow();
        sim.fail(venue, 500, 0);

        // a 429 with Retry-After: the sample fails, and the next one after the pause succeeds
        const limited = createLeverageExchange(venue, sim.url);
        await limited.loadMarkets();
        sim.fail(venue, 429, 4);
        await expect(sampleVenue(venue, limited, ['BTC', 'ETH'], AT)).rejects.toThrow();
        sim.fail(venue, 429, 0);
        await new Promise((r) => setTimeout(r, 1100));
        await expect(sampleVenue(venue, limited, ['BTC', 'ETH'], AT)).resolves.toMatchObject({ markets: 2 });
      } finally {
        await sim.close();
      }
    },
    30_000,
  );
});
