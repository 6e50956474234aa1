// Regime classification and direction: thresholds from options, basket decides direction, BTC can raise severity.
import { describe, expect, it } from 'vitest';
import { defaultAnalysisOptions, resolveAnalysisOptions } from '../../src/analyse/options.ts';
import { classifyRegime, directionOf, marketRegime } from '../../src/analyse/regime.ts';

const t = defaultAnalysisOptions.regime;

describe('classifyRegime', () => {
  it.each([
    [-15.2, 'crash'],
    [-8, 'crash'],
    [-3.7, 'selloff'],
    [-1.5, 'dip'],
    [-0.4, 'flat'],
    [0, 'flat'],
    [0.99, 'flat'],
    [3.6, 'rise'],
    [7, 'rally'],
  ] as const)('GIVEN a 24h change of %s%% THEN the regime is %s', (pct, regime) => {
    expect(classifyRegime(pct, t)).toBe(regime);
  });

  it('GIVEN no change (undefined or NaN) THEN the regime is unknown and the direction flat', () => {
    expect(classifyRegime(undefined, t)).toBe('unknown');
    expect(classifyRegime(NaN, t)).toBe('unknown');
    expect(directionOf('unknown')).toBe('flat');
  });

  it('GIVEN thresholds overridden by configuration THEN they are used', () => {
    const strict = resolveAnalysisOptions({ regime: { crashPct: -20 } }).regime;
    expect(strict.selloffPct).toBe(t.selloffPct);
    expect(classifyRegime(-15, strict)).toBe('selloff');
  });
});

describe('marketRegime', () => {
  it('GIVEN the basket down 2% and BTC down 9% THEN it is a crash (BTC raises the severity)', () => {
    expect(marketRegime(-2, -9, t)).toBe('crash');
  });
  it('GIVEN the basket flat and BTC down 9% THEN the market is still flat (the basket decides direction)', () => {
    expect(marketRegime(0.2, -9, t)).toBe('flat');
  });
  it('GIVEN the basket up and BTC down THEN the regime follows the basket', () => {
    expect(marketRegime(3.6, -2, t)).toBe('rise');
  });
  it('GIVEN no basket THEN BTC alone decides', () => {
    expect(marketRegime(undefined, -15, t)).toBe('crash');
  });
});
