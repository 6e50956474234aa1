// The pure layout pieces of the chart: tags in the margin never overlap and stay in bounds; the price axis
// fits the traded range with ticks at nice prices and sends levels outside it to the edge; day labels thin out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayLabelIndexes } from '../../src/chart/axis-labels.ts';
import { chartDates } from '../../src/chart/format.ts';
import { niceStep, priceScale, priceTicks, priceToY } from '../../src/chart/price-scale.ts';
import { layoutTags } from '../../src/chart/tag-layout.ts';
import type { Candle } from '../../src/chart/types.ts';

const HOUR = 3_600_000;

describe('layoutTags', () => {
  it('keeps a lone tag centred on its line', () => {
    expect(layoutTags([{ y: 200, height: 30 }], 0, 500, 4)).toEqual([185]);
  });

  it('pushes apart tags whose lines are close, keeping their order', () => {
    const [a, b] = layoutTags(
      [
        { y: 300, height: 30 },
        { y: 290, height: 30 },
      ],
      0,
      500,
      4,
    ) as [number, number];
    expect(b).toBeLessThan(a);
    expect(a - b).toBeGreaterThanOrEqual(34);
  });

  it('never overlaps and never leaves the bounds, for any lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -200, max: 800, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (lines) => {
          const top = 100;
          const bottom = 500;
          const ys = layoutTags(
            lines.map((y) => ({ y, height: 28 })),
            top,
            bottom,
            4,
          );
          const sorted = [...ys].sort((p, q) => p - q);
          for (let k = 1; k < sorted.length; k++)
            expect(sorted[k]! - sorted[k - 1]!).toBeGreaterThanOrEqual(28 + 4 - 1e-9);
          if (lines.length * 32 <= bottom - top) {
            for (const y of ys) {
              expect(y).toBeGreaterThanOrEqual(top - 1e-9);
              expect(y + 28).toBeLessThanOrEqual(bottom + 1e-9);
            }
          }
          // Order of tags follows the order of their lines.
          const byLine = lines.map((y, i) => ({ y, i })).sort((p, q) => p.y - q.y || p.i - q.i);
          for (let k = 1; k < byLine.length; k++)
            if (byLine[k]!.y > byLine[k - 1]!.y) expect(ys[byLine[k]!.i]!).toBeGreaterThan(ys[byLine[k - 1]!.i]!);
        },
      ),
    );
  });
});

describe('priceScale', () => {
  const candles: Candle[] = [
    { t: 0, o: 60_000, h: 61_000, l: 59_000, c: 60_500, v: 1 },
    { t: HOUR, o: 60_500, h: 62_000, l: 55_000, c: 56_000, v: 1 },
  ];

  it('fits the traded range, with ticks at nice prices inside it', () => {
    const s = priceScale(candles, []);
    expect(s.min).toBeLessThanOrEqual(55_000);
    expect(s.max).toBeGreaterThanOrEqual(62_000);
    // No more than a small margin beyond the traded range (7,000 here), not stretched to the next tick.
    expect(55_000 - s.min).toBeLessThanOrEqual(7_000 * 0.05);
    expect(s.max - 62_000).toBeLessThanOrEqual(7_000 * 0.05);
    expect([1000, 2000, 2500, 5000]).toContain(s.step);
    const ticks = priceTicks(s);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of ticks) {
      expect(t % s.step).toBe(0);
      expect(t).toBeGreaterThanOrEqual(s.min);
      expect(t).toBeLessThanOrEqual(s.max);
    }
  });

  it('draws a level inside the traded range (or just at its edge); sends every other one to the edge', () => {
    const s = priceScale(candles, [
      { price: 58_000, label: 'Broken', kind: 'broken' },
      { price: 54_900, label: 'Support', kind: 'support' },
      { price: 53_000, label: 'Support', kind: 'support' },
      { price: 90_000, label: 'Resistance', kind: 'resistance' },
      { price: 20_000, label: 'Support', kind: 'support' },
    ]);
    expect(s.drawn.map((l) => l.price)).toEqual([58_000, 54_900]);
    expect(s.above.map((l) => l.price)).toEqual([90_000]);
    expect(s.below.map((l) => l.price)).toEqual([53_000, 20_000]);
    // The far levels leave the axis where the candles put it.
    expect(s.min).toBeGreaterThan(54_500);
    expect(s.max).toBeLessThan(62_500);
  });

  it('keeps the axis of a real crash on the traded range: 5 August 2024, support $45,000 named', () => {
    // The fixture's last four days before 07:00 UTC traded $49,000 to $65,596.
    const crash: Candle[] = [
      { t: 0, o: 64_600, h: 65_596, l: 64_000, c: 65_000, v: 1 },
      { t: HOUR, o: 53_000, h: 53_500, l: 49_000, c: 51_588, v: 1 },
    ];
    const s = priceScale(crash, [{ price: 45_000, label: 'Support', kind: 'support' }]);
    expect(s.min).toBeGreaterThan(48_000);
    expect(s.below.map((l) => l.price)).toEqual([45_000]);
  });

  it('maps the axis ends to the plot edges', () => {
    const s = priceScale(candles, []);
    expect(priceToY(s, s.max, 100, 500)).toBe(100);
    expect(priceToY(s, s.min, 100, 500)).toBe(500);
  });

  it('picks steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(1300)).toBe(2000);
    expect(niceStep(2300)).toBe(2500);
    expect(niceStep(0.013)).toBeCloseTo(0.02, 10);
    expect(niceStep(7)).toBe(10);
  });
});

describe('dayLabelIndexes', () => {
  const start = Date.parse('2024-08-01T00:00:00Z');
  const hours = (n: number, from = start) => Array.from({ length: n }, (_, i) => from + i * HOUR);

  it('labels the first candle of each UTC day', () => {
    expect([...dayLabelIndexes(hours(72), chartDates('UTC'), 10)]).toEqual([0, 24, 48]);
  });

  it('does not label a partial first day, and follows the time zone', () => {
    // In Berlin (UTC+2 in August) days start at 22:00 UTC.
    expect([...dayLabelIndexes(hours(48, start + 3 * HOUR), chartDates('Europe/Berlin'), 10)]).toEqual([19, 43]);
  });

  it('thins labels to fit, keeping the newest day', () => {
    const labelled = [...dayLabelIndexes(hours(30 * 24), chartDates('UTC'), 8)];
    expect(labelled.length).toBeLessThanOrEqual(8);
    expect(labelled[labelled.length - 1]).toBe(29 * 24);
  });
});
