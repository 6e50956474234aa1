// Alts against BTC: ratio of moves, "moved more", regression beta and correlation of hourly returns.
import { describe, expect, it } from 'vitest';
import { alignedReturns, compareWithBenchmark } from '../../src/analyse/against-benchmark.ts';
import { fact } from '../../src/analyse/fact.ts';
import { defaultAnalysisOptions } from '../../src/analyse/options.ts';
import type { Candle } from '../../src/gather/types.ts';
import { lcg } from '../helpers/reference-snapshot.ts';

const HOUR = 3_600_000;
const opts = defaultAnalysisOptions.alts;
const ch = (coin: string, v: number) => fact(`${coin}.change24h`, `${coin} change`, v, 'pct', 'tickers', 0)!;
/** `coin` changing `pct` on a day BTC fell 2%, with their hourly candles (none by default). */
const againstBtc = (coin: string, pct: number, hourly: Candle[] = [], btcHourly: Candle[] = []) =>
  compareWithBenchmark({
    coin,
    change: ch(coin, pct),
    hourly,
    hourlySource: 'h',
    benchmark: 'BTC',
    benchmarkChange: ch('BTC', -2),
    benchmarkHourly: btcHourly,
    direction: 'down',
    opts,
  });

function walk(n: number, seed: number, beta = 1, base?: number[]): Candle[] {
  const r = lcg(seed);
  let p = 100;
  return Array.from({ length: n }, (_, i) => {
    const ret = base ? beta * Math.log(base[i]! / (base[i - 1] ?? base[i]!)) : (r() - 0.5) * 0.02;
    p = i === 0 ? p : p * Math.exp(ret);
    return { t: i * HOUR, o: p, h: p, l: p, c: p, v: 1 };
  });
}

describe('compareWithBenchmark', () => {
  it('GIVEN ETH -6% and BTC -2% on a falling day THEN ETH moved more, 3.0x BTC', () => {
    const c = againstBtc('ETH', -6);
    expect(c.movedMore).toBe(true);
    expect(c.ratioToBenchmark!.value).toBeCloseTo(3, 10);
    expect(c.beta).toBeUndefined();
  });

  it('GIVEN BNB -2.1% and BTC -2% THEN it did not move clearly more', () => {
    expect(againstBtc('BNB', -2.1).movedMore).toBe(false);
  });

  it('GIVEN an alt up while BTC is down THEN there is no ratio (opposite signs)', () => {
    const c = againstBtc('XRP', 2);
    expect(c.ratioToBenchmark).toBeUndefined();
    expect(c.movedMore).toBe(false);
  });

  it("GIVEN hourly returns that are exactly 1.5x BTC's THEN beta is 1.5 and correlation 1", () => {
    const btc = walk(200, 3);
    const alt = walk(
      200,
      0,
      1.5,
      btc.map((c) => c.c),
    );
    const c = againstBtc('SOL', -3, alt, btc);
    expect(c.beta!.value).toBeCloseTo(1.5, 6);
    expect(c.correlation!.value).toBeCloseTo(1, 6);
  });

  it('GIVEN too few overlapping hours THEN no beta or correlation', () => {
    const c = againstBtc('SOL', -3, walk(10, 1), walk(10, 2));
    expect(c.beta).toBeUndefined();
  });
});

describe('alignedReturns', () => {
  it('GIVEN a gap in one series THEN only hours both have (with the hour before) are used', () => {
    const a = walk(10, 1);
    const b = walk(10, 2).filter((c) => c.t !== 5 * HOUR);
    expect(alignedReturns(a, b).a).toHaveLength(7);
  });
});
