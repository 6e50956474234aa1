// The chart attachment for a reply: built from a snapshot holding the real August 2024 candles, rendered once
// per snapshot and variant, left out (not broken) when there are no candles or the render fails.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChartCache } from '../../src/chart/cache.ts';
import { snapshotChartFile } from '../../src/chart/chart-file.ts';
import { chartInputFromSnapshot } from '../../src/chart/from-snapshot.ts';
import { priceChartOption } from '../../src/chart/price-chart-option.ts';
import type { MarketSnapshot } from '../../src/gather/types.ts';
import { readSeriesFile } from '../../src/simulator/kline-files.ts';
import { ihdrSize, PNG_SIGNATURE } from './png-helpers.ts';

const HOUR = 3_600_000;
const file = readSeriesFile(
  fileURLToPath(new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url)),
);
if (file.kind !== 'klines') throw new Error('fixture is not a kline file');
const AT = Date.parse('2024-08-05T07:00:00Z');
const candles = file.candles.filter((c) => c.t + HOUR <= AT);

const snapshot: MarketSnapshot = {
  builtAt: AT,
  exchange: 'binanceusdm',
  exchangeName: 'Binance USD-M',
  replay: { files: ['BTCUSDT-1h-2024-08.csv'], at: AT },
  coins: ['BTC', 'ETH'],
  tickers: { ok: false, source: 'Binance USD-M fetchTickers', reason: 'not needed here' },
  hourly: {
    BTC: { ok: true, source: 'Binance USD-M hourly candles', value: candles, asOf: AT },
    ETH: { ok: false, source: 'x', reason: 'no ETH data in the replayed files' },
  },
  daily: {},
  openInterest: {},
  funding: { ok: false, source: 'x', reason: 'not needed here' },
};

describe('snapshotChartFile', () => {
  it('attaches a PNG with alt text saying what it shows, the data time and that it is a replay', async () => {
    const cache = new ChartCache();
    const f = await snapshotChartFile(cache, snapshot, 'BTC', {
      days: 7,
      levels: [{ price: 50_000, label: 'Support', kind: 'support' }],
    });
    // Named for what it shows: the fixture starts on 1 August, so the 7 days asked for hold 4 (the title's span).
    expect(f).toMatchObject({ name: 'btc-4d.png', contentType: 'image/png' });
    expect([...f!.data.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(ihdrSize(f!.data)).toMatchObject({ width: 1200, height: 675 });
    // The fixture starts on 1 August, so a 7-day window of it holds 4 days.
    expect(f!.description).toBe(
      'Replay: BTC price chart, last 4 days with the support and resistance levels named in the text; data to 5 Aug 2024 07:00 UTC.',
    );
  });

  it('names the file for the span its title states', async () => {
    const cache = new ChartCache();
    for (const [days, name, span] of [
      [1, 'btc-24h.png', '24 hours'],
      [2, 'btc-2d.png', '2 days'],
      [30, 'btc-4d.png', '4 days'],
    ] as const) {
      const f = await snapshotChartFile(cache, snapshot, 'BTC', { days });
      expect(f?.name).toBe(name);
      const title = (
        priceChartOption(chartInputFromSnapshot(snapshot, 'BTC', { days })!).option.graphic as {
          elements: Array<{ style?: { text?: string } }>;
        }
      ).elements[0]!.style!.text;
      expect(title).toBe(`BTC price, last ${span}`);
    }
  });

  it('renders a snapshot chart once, and again for another window', async () => {
    const cache = new ChartCache();
    const a = await snapshotChartFile(cache, snapshot, 'BTC', { days: 7 });
    const b = await snapshotChartFile(cache, snapshot, 'BTC', { days: 7 });
    expect(b!.data).toBe(a!.data);
    expect(cache.renders).toBe(1);
    await snapshotChartFile(cache, snapshot, 'BTC', { days: 2 });
    expect(cache.renders).toBe(2);
  });

  it('leaves the chart out when the coin has no candles, or the render fails', async () => {
    const cache = new ChartCache();
    expect(await snapshotChartFile(cache, snapshot, 'ETH', { days: 7 })).toBeUndefined();
    expect(cache.renders).toBe(0);
    const errors: unknown[] = [];
    expect(
      await snapshotChartFile(cache, snapshot, 'BTC', { days: 7, timeZone: 'Not/AZone' }, (e) => errors.push(e)),
    ).toBeUndefined();
    expect(String(errors[0])).toMatch(/Unknown time zone "Not\/AZone"/);
  });
});
