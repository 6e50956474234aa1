// Number and date formatting for people.
import { describe, expect, it } from 'vitest';
import { fact } from '../../src/analyse/fact.ts';
import {
  formatCoefficient,
  formatDate,
  formatDateTime,
  formatFact,
  formatFunding,
  formatMultiple,
  formatPct,
  formatPctAbs,
  formatPrice,
  formatShare,
  formatUsdAbs,
  formatUsdSigned,
} from '../../src/narrate/format.ts';

describe('formatting', () => {
  it.each([
    [76_831, '$76,831'],
    [51_587.6, '$51,588'],
    [742, '$742'],
    [98.4, '$98.40'],
    [1.58, '$1.58'],
    [0.51234, '$0.5123'],
    [0.0000421789, '$0.00004218'],
  ])('GIVEN the price %s THEN it prints %s', (v, s) => expect(formatPrice(v)).toBe(s));

  it.each([
    [237e6, '$237M'],
    [2.16e9, '$2.16B'],
    [4.4e9, '$4.4B'],
    [26e9, '$26B'],
    [-26e9, '$26B'],
    [564.909e9, '$565B'],
    [999.96e6, '$1B'],
    [950, '$950'],
    [12_345, '$12.3K'],
    [3.2e12, '$3.2T'],
  ])('GIVEN the amount %s THEN it prints %s', (v, s) => expect(formatUsdAbs(v)).toBe(s));

  it('GIVEN signed amounts and percentages THEN the sign is explicit, and a zero change has none', () => {
    expect(formatUsdSigned(-26e9)).toBe('-$26B');
    expect(formatUsdSigned(1.2e6)).toBe('+$1.2M');
    expect(formatPct(-4.4)).toBe('-4.4%');
    expect(formatPct(3.6335)).toBe('+3.6%');
    expect(formatPct(-0.04)).toBe('0.0%');
    expect(formatPct(-1234.56)).toBe('-1,234.6%');
    expect(formatPctAbs(-34)).toBe('34.0%');
  });

  it('GIVEN shares, funding, multiples and coefficients THEN each has its own form', () => {
    expect(formatShare(86.4)).toBe('86%');
    expect(formatShare(8.46)).toBe('8.5%');
    expect(formatFunding(-0.0016)).toBe('-0.0016%');
    expect(formatFunding(0.01)).toBe('+0.0100%');
    expect(formatMultiple(3.169)).toBe('3.2x');
    expect(formatMultiple(250.4)).toBe('250x');
    expect(formatCoefficient(0.8888)).toBe('0.89');
    expect(formatCoefficient(-0.001)).toBe('0.00');
  });

  it('GIVEN epoch ms THEN dates print in UTC as "5 August 2024" and "5 August 2024, 07:00 UTC"', () => {
    const t = Date.parse('2024-08-05T07:00:00Z');
    expect(formatDate(t)).toBe('5 August 2024');
    expect(formatDateTime(t)).toBe('5 August 2024, 07:00 UTC');
    // An exchange close stamp (one millisecond before the hour) prints as the hour it closes.
    expect(formatDateTime(Date.parse('2024-08-31T23:59:59.999Z'))).toBe('1 September 2024, 00:00 UTC');
  });

  it('GIVEN a fact THEN formatFact prints it by unit, and abs drops the sign', () => {
    const f = fact('oi.change24h.pct', 'OI', -4.4, 'pct', 's', 0)!;
    expect(formatFact(f)).toBe('-4.4%');
    expect(formatFact(f, 'abs')).toBe('4.4%');
    expect(formatFact(fact('d', 'd', Date.parse('2025-04-21T00:00:00Z'), 'date', 's', 0)!)).toBe('21 April 2025');
  });

  it('GIVEN a non-finite value or a date beyond what a Date holds THEN no fact is made at all', () => {
    expect(fact('x', 'x', NaN, 'price', 's', 0)).toBeUndefined();
    expect(fact('x', 'x', 1, 'price', 's', Infinity)).toBeUndefined();
    expect(fact('x', 'x', 1e17, 'date', 's', 0)).toBeUndefined();
  });
});
