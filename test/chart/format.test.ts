// Text on the chart: prices and dollar amounts printed as the article prints them, axis ticks, and dates in a
// time zone.
import { describe, expect, it } from 'vitest';
import { chartDates, formatAxisPrice } from '../../src/chart/format.ts';
import { priceChartOption } from '../../src/chart/price-chart-option.ts';
import { ChartInputError, type Candle } from '../../src/chart/types.ts';
import { formatPrice, formatUsdAbs } from '../../src/narrate/format.ts';

const HOUR = 3_600_000;
/** Every text the chart draws (tags, title, labels), as one string. */
const chartText = (option: unknown) => JSON.stringify(option);

describe('chart text', () => {
  it('prints prices and dollar amounts with the formatter of the text, so a figure never prints two ways', () => {
    expect(formatPrice(49_000.4)).toBe('$49,000');
    expect(formatPrice(742)).toBe('$742');
    expect(formatPrice(142.5)).toBe('$142.50');
    expect(formatPrice(0.51234)).toBe('$0.5123');
    expect(formatUsdAbs(2.16e9)).toBe('$2.16B');
    expect(formatUsdAbs(237e6)).toBe('$237M');
    expect(formatUsdAbs(950e3)).toBe('$950K');
    // a coin at $742 with a support at $700: the tags read as the article does ($742, not $742.00)
    const candles: Candle[] = Array.from({ length: 48 }, (_, i) => ({
      t: Date.UTC(2024, 7, 3) + i * HOUR,
      o: 740,
      h: 760,
      l: 700,
      c: 742,
      v: 1,
    }));
    const { option } = priceChartOption({
      coin: 'BNB',
      candles,
      dataTime: candles[47]!.t + HOUR,
      source: 'test',
      levels: [{ price: 700, label: 'Support', kind: 'support' }],
    });
    expect(chartText(option)).toContain(`Last ${formatPrice(742)}`);
    expect(chartText(option)).toContain(`Support ${formatPrice(700)}`);
    expect(chartText(option)).not.toContain('$742.00');
  });

  it('formats axis ticks to the precision of the step', () => {
    expect(formatAxisPrice(58_000, 2000)).toBe('$58k');
    expect(formatAxisPrice(57_500, 500)).toBe('$57.5k');
    expect(formatAxisPrice(2_450, 50)).toBe('$2,450');
    expect(formatAxisPrice(0.52, 0.01)).toBe('$0.52');
  });

  it('writes dates in the chosen zone, naming it', () => {
    const t = Date.parse('2024-08-05T06:00:00Z');
    expect(chartDates().dateTime(t)).toBe('5 Aug 2024 06:00 UTC');
    expect(chartDates('Europe/Berlin').dateTime(t)).toBe('5 Aug 2024 08:00 CEST');
    expect(chartDates('Asia/Tokyo').day(Date.parse('2024-08-04T20:00:00Z'))).toBe('5 Aug');
    expect(() => chartDates('Nowhere/Else')).toThrow(ChartInputError);
  });
});
