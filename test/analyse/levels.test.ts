// Support and resistance: swing pivots, round-number steps, clustering, selection below/above, the level broken.
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../src/gather/types.ts';
import { defaultAnalysisOptions } from '../../src/analyse/options.ts';
import { findLevels, levelCandidates, roundSteps, swingPivots, volumeNodes } from '../../src/analyse/levels.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const opts = defaultAnalysisOptions.levels;

/** Candles whose lows/highs are given; open/close in the middle. */
function bars(start: number, interval: number, lows: number[], spread = 100): Candle[] {
  return lows.map((l, i) => ({
    t: start + i * interval,
    o: l + spread / 2,
    h: l + spread,
    l,
    c: l + spread / 2,
    v: 1,
  }));
}

describe('swingPivots', () => {
  it('GIVEN a V-shaped series THEN the bottom is a swing low and the ends are not pivots', () => {
    const c = bars(0, HOUR, [105, 104, 103, 100, 103, 104, 105]);
    const p = swingPivots(c, 2, 'swing', 1);
    expect(p.filter((x) => x.price === 100)).toHaveLength(1);
    expect(p.some((x) => x.t === 0)).toBe(false);
  });
  it('GIVEN a flat bottom of equal lows THEN only one pivot is made', () => {
    const c = bars(0, HOUR, [105, 104, 100, 100, 104, 105]);
    expect(swingPivots(c, 1, 'swing', 1).filter((x) => x.price === 100)).toHaveLength(1);
  });
});

describe('roundSteps', () => {
  it.each([
    [76_831, 5000],
    [51_588, 5000],
    [142, 10],
    [2.16, 0.1],
    [580, 50],
  ])('GIVEN a price of %s THEN the major round-number step is %s', (price, step) => {
    expect(roundSteps(price).major).toBeCloseTo(step, 10);
  });
});

describe('levelCandidates and findLevels', () => {
  const now = Date.UTC(2026, 1, 4, 12);
  // Daily history: swing lows at 74,700 and 75,300 (one cluster near 75,000) and 70,300 (near 70,000).
  const dailyLows = [
    90_000, 88_000, 85_000, 80_000, 70_300, 80_000, 84_000, 86_000, 84_000, 74_700, 80_000, 83_000, 85_000, 83_000,
    75_300, 82_000, 85_000, 88_000, 90_000, 92_000,
  ];
  const daily = bars(now - dailyLows.length * DAY, DAY, dailyLows, 1000);

  it('GIVEN swing lows that sit near round numbers THEN the levels snap to the round numbers and score higher', () => {
    const cands = levelCandidates({ price: 76_831, hourly: [], daily, now, opts });
    const at75 = cands.find((c) => c.price === 75_000)!;
    const at70 = cands.find((c) => c.price === 70_000)!;
    expect(at75.kinds).toEqual(expect.arrayContaining(['daily-swing', 'round']));
    // Two daily swing lows, plus the prior week's low (74,700) in the same cluster.
    expect(at75.touches).toBe(3);
    expect(at75.score).toBeGreaterThan(at70.score);
    // 65,000 lies below every price the data traded at: a round number alone there is no support.
    expect(cands.find((c) => c.price === 65_000)).toBeUndefined();
  });

  it('GIVEN the reference history THEN supports are $75,000 then $70,000, nearest first, with a strong grade for the tested level', () => {
    const l = findLevels({ price: 76_831, hourly: [], daily, now, opts }, 78_399, {
      coin: 'BTC',
      source: 'test candles',
      asOf: now,
    });
    expect(l.supports.map((s) => s.price.value).slice(0, 2)).toEqual([75_000, 70_000]);
    expect(l.supports[0]!.grade).toBe('strong');
    expect(l.supports[0]!.price).toMatchObject({
      id: 'BTC.support.1',
      source: 'test candles',
      asOf: now,
      unit: 'price',
    });
    expect(l.supports.length).toBeLessThanOrEqual(opts.maxSupports);
    for (const s of l.supports) expect(s.price.value).toBeLessThan(76_831);
    expect(l.resistance!.price.value).toBeGreaterThan(76_831);
  });

  it('GIVEN a fall from above a tested level to below it THEN that level is reported as broken', () => {
    const l = findLevels({ price: 73_000, hourly: [], daily, now, opts }, 77_500, {
      coin: 'BTC',
      source: 's',
      asOf: now,
    });
    expect(l.broken?.price.value).toBe(75_000);
  });

  it('GIVEN no candles THEN no level at all (nothing was traded), and a zero or NaN price gives nothing', () => {
    const l = findLevels({ price: 76_831, hourly: [], daily: [], now, opts }, undefined, {
      coin: 'BTC',
      source: 's',
      asOf: now,
    });
    expect(l.supports).toEqual([]);
    expect(l.resistance).toBeUndefined();
    expect(levelCandidates({ price: 0, hourly: [], daily, now, opts })).toEqual([]);
    expect(levelCandidates({ price: NaN, hourly: [], daily, now, opts })).toEqual([]);
  });
});

describe('volumeNodes', () => {
  it('GIVEN most volume traded around one price THEN that price is a high-volume level, at a price traded; GIVEN a zero in the volume column THEN none', () => {
    const c: Candle[] = Array.from({ length: 48 }, (_, i) => {
      const mid = i % 4 === 0 ? 101_230 : 100_000 + (i % 7) * 600;
      return { t: i * HOUR, o: mid, h: mid + 40, l: mid - 40, c: mid, v: i % 4 === 0 ? 900 : 50 };
    });
    const nodes = volumeNodes(c, 500);
    expect(nodes[0]!.kind).toBe('volume');
    expect(Math.abs(nodes[0]!.price - 101_230)).toBeLessThan(5);
    expect(c.some((x) => nodes[0]!.price >= x.l && nodes[0]!.price <= x.h)).toBe(true);
    expect(
      volumeNodes(
        c.map((x, i) => (i === 5 ? { ...x, v: 0 } : x)),
        500,
      ),
    ).toEqual([]);
  });
});
