// Text on the chart: prices, axis ticks, compact USD amounts and dates in a time zone.
import { describe, expect, it } from 'vitest';
import { chartDates, formatAxisPrice, formatPrice, formatUsdCompact } from '../../src/chart/format.ts';
import { ChartInputError } from '../../src/chart/types.ts';

describe('chart text', () => {
  it('formats prices by size', () => {
    expect(formatPrice(49_000.4)).toBe('$49,000');
    expect(formatPrice(2_450.126)).toBe('$2,450');
    expect(formatPrice(142.5)).toBe('$142.50');
    expect(formatPrice(0.51234)).toBe('$0.5123');
  });

  it('formats axis ticks to the precision of the step', () => {
    expect(formatAxisPrice(58_000, 2000)).toBe('$58k');
    expect(formatAxisPrice(57_500, 500)).toBe('$57.5k');
    expect(formatAxisPrice(2_450, 50)).toBe('$2,450');
    expect(formatAxisPrice(0.52, 0.01)).toBe('$0.52');
  });

  it('formats USD amounts compactly', () => {
    expect(formatUsdCompact(2.16e9)).toBe('$2.2B');
    expect(formatUsdCompact(237e6)).toBe('$237M');
    expect(formatUsdCompact(950e3)).toBe('$950K');
  });

  it('writes dates in the chosen zone, naming it', () => {
    const t = Date.parse('2024-08-05T06:00:00Z');
    expect(chartDates().dateTime(t)).toBe('5 Aug 2024 06:00 UTC');
    expect(chartDates('Europe/Berlin').dateTime(t)).toBe('5 Aug 2024 08:00 CEST');
    expect(chartDates('Asia/Tokyo').day(Date.parse('2024-08-04T20:00:00Z'))).toBe('5 Aug');
    expect(() => chartDates('Nowhere/Else')).toThrow(ChartInputError);
  });
});
