// Renders real charts from the August 2024 Binance klines (the 5 August crash) and checks the PNG itself:
// signature and IHDR size, bundled-font text in the header, a level line where the level is, liquidation
// bars only in hours that have data, and the REPLAY badge only in replays.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { priceChartOption } from '../../src/chart/price-chart-option.ts';
import { priceToY } from '../../src/chart/price-scale.ts';
import { renderPriceChart, renderPriceChartAsync } from '../../src/chart/render.ts';
import { ChartInputError, type PriceChartInput } from '../../src/chart/types.ts';
import { readSeriesFile } from '../../src/simulator/kline-files.ts';
import { differs, ihdrSize, isAmber, isLight, isRed, pixels, PNG_SIGNATURE } from './png-helpers.ts';

const HOUR = 3_600_000;
const file = readSeriesFile(
  fileURLToPath(new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url)),
);
if (file.kind !== 'klines') throw new Error('fixture is not a kline file');
const NOW = Date.parse('2024-08-07T00:00:00Z'); // two days after the crash
const candles = file.candles.filter((c) => c.t + HOUR <= NOW && c.t >= NOW - 6 * 24 * HOUR);

const base: PriceChartInput = { coin: 'BTC', candles, dataTime: NOW, source: 'Binance USD-M' };

describe('renderPriceChart', () => {
  it('returns a PNG of the default size, 1200 x 675', () => {
    const png = renderPriceChart(base);
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(ihdrSize(png)).toEqual({ chunk: 'IHDR', width: 1200, height: 675 });
  });

  it('renders at the size asked for', () => {
    const png = renderPriceChart({ ...base, width: 800, height: 450 });
    expect(ihdrSize(png)).toMatchObject({ width: 800, height: 450 });
    expect(pixels(png)).toMatchObject({ width: 800, height: 450 });
  });

  it('draws the header text with the bundled font (no system fonts are loaded)', () => {
    const img = pixels(renderPriceChart(base));
    let light = 0;
    for (let x = 24; x < 300; x++) for (let y = 20; y < 48; y++) if (isLight(img.at(x, y))) light++;
    expect(light).toBeGreaterThan(200);
  });

  it('draws a level line across the plot at the level price, and nowhere else', () => {
    const level = { price: 56_000, label: 'Support', kind: 'support' as const };
    const withLevel = { ...base, levels: [level] };
    const { geometry } = priceChartOption(withLevel);
    // The level lies inside the candles' range, so the axis is the same with and without it.
    expect(priceChartOption(base).geometry.scale).toMatchObject({ min: geometry.scale.min, max: geometry.scale.max });
    const y = Math.round(priceToY(geometry.scale, level.price, geometry.priceTop, geometry.priceBottom));
    const a = pixels(renderPriceChart(withLevel));
    const b = pixels(renderPriceChart(base));
    const left = Math.ceil(geometry.plotLeft) + 2;
    const right = Math.floor(geometry.plotRight) - 2;
    const differing = (row: number) => {
      let n = 0;
      for (let x = left; x < right; x++) if (differs(a.at(x, row), b.at(x, row))) n++;
      return n;
    };
    const onLine = Math.max(differing(y - 1), differing(y), differing(y + 1));
    expect(onLine).toBeGreaterThan((right - left) * 0.3); // a dashed line: about half its length is ink
    for (const off of [-60, -30, 30, 60]) expect(differing(y + off)).toBe(0);
    // It is drawn in the support colour (blue), not the candles' green or red.
    const sample = [...Array(right - left).keys()]
      .map((i) => a.at(left + i, y))
      .find((p, i) => differs(p, b.at(left + i, y)) && p[2] > 200);
    expect(sample).toBeDefined();
  });

  it('draws liquidation bars under the price only in the hours that have data', () => {
    const hit = candles.findIndex((c) => c.t === Date.parse('2024-08-05T06:00:00Z'));
    const empty = candles.findIndex((c) => c.t === Date.parse('2024-08-03T12:00:00Z'));
    const input = {
      ...base,
      liquidationBars: [
        { t: candles[hit]!.t, longsUsd: 30e6, shortsUsd: 1e6 },
        { t: candles[hit + 1]!.t, longsUsd: 10e6, shortsUsd: 2e6 },
      ],
    };
    const { geometry } = priceChartOption(input);
    expect(geometry.liquidations).toBeDefined();
    const img = pixels(renderPriceChart(input));
    const colX = (i: number) =>
      geometry.plotLeft + ((i + 0.5) * (geometry.plotRight - geometry.plotLeft)) / geometry.times.length;
    const y = geometry.liquidations!.bottom - 3;
    expect(isRed(img.at(colX(hit), y))).toBe(true);
    expect(isRed(img.at(colX(empty), y))).toBe(false);
    // Without bars there is no panel: the price plot reaches down to the time axis.
    expect(priceChartOption(base).geometry.liquidations).toBeUndefined();
  });

  it("draws a volume panel under the candles, each bar in its candle's colour", () => {
    const crash = candles.findIndex((c) => c.t === Date.parse('2024-08-05T06:00:00Z')); // a red candle, the busiest hour
    const { geometry } = priceChartOption(base);
    expect(geometry.volume).toBeDefined();
    expect(geometry.volume!.top).toBeGreaterThan(geometry.priceBottom);
    const img = pixels(renderPriceChart(base));
    const colX = (i: number) =>
      geometry.plotLeft + ((i + 0.5) * (geometry.plotRight - geometry.plotLeft)) / geometry.times.length;
    const [r, g] = img.at(colX(crash), geometry.volume!.bottom - 3);
    expect(r).toBeGreaterThan(g + 50);
    // The crash hour's bar is among the tallest: it still has ink halfway up the panel.
    const mid = (geometry.volume!.top + geometry.volume!.bottom) / 2;
    expect(differs(img.at(colX(crash), mid), img.at(colX(crash) + 400, mid))).toBe(true);
  });

  it('leaves the volume panel out when the candles carry no volume (mark-price klines)', () => {
    const mark = { ...base, candles: candles.map((c) => ({ ...c, v: 0 })) };
    const withVolume = priceChartOption(base).geometry;
    const without = priceChartOption(mark).geometry;
    expect(without.volume).toBeUndefined();
    expect(without.priceBottom).toBeGreaterThan(withVolume.priceBottom);
    const missing = { ...base, candles: candles.map((c) => ({ ...c, v: Number.NaN })) };
    expect(priceChartOption(missing).geometry.volume).toBeUndefined();
  });

  it('marks a level outside the traded range at the edge with its price, without stretching the axis', () => {
    const far = { price: 30_000, label: 'Support', kind: 'support' as const };
    const option = priceChartOption({ ...base, levels: [far] });
    expect(option.geometry.scale).toMatchObject({ min: priceChartOption(base).geometry.scale.min, below: [far] });
    const texts = (option.option.graphic as { elements: Array<{ style?: { text?: string } }> }).elements.map(
      (e) => e.style?.text,
    );
    expect(texts).toContain('↓ Support $30,000');
  });

  it('carries the REPLAY badge when replaying, and not otherwise', () => {
    const amberPixels = (png: Uint8Array) => {
      const img = pixels(png);
      let n = 0;
      for (let x = 700; x < 1190; x += 2) for (let y = 14; y < 56; y += 2) if (isAmber(img.at(x, y))) n++;
      return n;
    };
    expect(amberPixels(renderPriceChart({ ...base, replayAt: NOW }))).toBeGreaterThan(500);
    expect(amberPixels(renderPriceChart(base))).toBe(0);
  });

  it('renders off the event loop too, to the same size', async () => {
    const png = await renderPriceChartAsync({
      ...base,
      replayAt: NOW,
      levels: [{ price: 49_000, label: 'Support', kind: 'support' }],
    });
    expect(ihdrSize(png)).toMatchObject({ width: 1200, height: 675 });
  });

  it('refuses input that cannot make a chart', () => {
    expect(() => renderPriceChart({ ...base, candles: candles.slice(0, 1) })).toThrow(ChartInputError);
    expect(() => renderPriceChart({ ...base, candles: [] })).toThrow(/Not enough BTC candles/);
    expect(() => renderPriceChart({ ...base, timeZone: 'Mars/Olympus' })).toThrow(/Unknown time zone/);
    expect(() => renderPriceChart({ ...base, width: 10 })).toThrow(ChartInputError);
    expect(() => renderPriceChart({ ...base, dataTime: Number.NaN })).toThrow(/time of its data/);
  });
});

describe('priceChartOption title', () => {
  it('says how much the candles cover, in hours when under a day and a half', () => {
    const title = (n: number) => {
      const graphic = priceChartOption({ ...base, candles: candles.slice(-n) }).option.graphic as {
        elements: Array<{ style?: { text?: string } }>;
      };
      return graphic.elements[0]!.style!.text;
    };
    expect(title(6)).toBe('BTC price, last 6 hours');
    expect(title(48)).toBe('BTC price, last 2 days');
    expect(title(6 * 24)).toBe('BTC price, last 6 days');
  });
});
