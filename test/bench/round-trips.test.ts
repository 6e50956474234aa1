// The benchmark's round-trip counter: calls that start within one latency of a wave's first call run in
// parallel with it; a call that starts later waited for an answer and opens the next wave.
import { describe, expect, it } from 'vitest';
import { describeWaves, roundTripWaves } from '../../bench/round-trips.ts';
import { percentile } from '../../bench/stats.ts';

const call = (path: string, at: number) => ({ path, at });

describe('roundTripWaves', () => {
  it('groups a cold build into markets, then everything else in parallel', () => {
    const calls = [
      call('/fapi/v1/exchangeInfo', 1000),
      call('/fapi/v1/klines', 1131),
      call('/fapi/v1/ticker/24hr', 1130),
      call('/fapi/v1/klines', 1133),
      call('/futures/data/openInterestHist', 1135),
    ];
    const waves = roundTripWaves(calls, 100);
    expect(waves.map((w) => w.length)).toEqual([1, 4]);
    expect(describeWaves(waves)).toBe('exchangeInfo | 24hr, klines x2, openInterestHist');
  });

  it('counts a page fetched after the first page answered as another round trip', () => {
    const waves = roundTripWaves([call('/a', 0), call('/b', 101), call('/b', 205), call('/c', 206)], 100);
    expect(waves).toHaveLength(3);
  });

  it('has no waves without calls', () => {
    expect(roundTripWaves([], 100)).toEqual([]);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
  });
});
