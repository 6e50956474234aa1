// The date option of /why: a UTC day becomes its close, a UTC time that moment, today the live article; anything
// malformed, impossible or after "now" is refused with a message that says how to write it.
import { describe, expect, it } from 'vitest';
import { pastMoment } from '../../commands/past-date.ts';
import { OptionError, parseTextOptions } from '../../commands/options.ts';
import { whyCommand } from '../../commands/why.ts';

const NOW = Date.parse('2025-10-12T09:30:00Z');

describe('pastMoment', () => {
  it('GIVEN a past day THEN the close of that day, named as such', () => {
    expect(pastMoment('2025-10-10', NOW)).toEqual({
      at: Date.parse('2025-10-11T00:00:00Z'),
      label: 'the close of 10 October 2025 (00:00 UTC on 11 October 2025)',
    });
    expect(pastMoment('2024-02-29', NOW)?.at).toBe(Date.parse('2024-03-01T00:00:00Z'));
  });

  it('GIVEN a UTC time THEN that moment; GIVEN today THEN the live article (undefined)', () => {
    expect(pastMoment('2025-10-10t21:30', NOW)).toEqual({
      at: Date.parse('2025-10-10T21:30:00Z'),
      label: '10 October 2025, 21:30 UTC',
    });
    expect(pastMoment('2025-10-12', NOW)).toBeUndefined();
    expect(pastMoment('2025-10-12T08:00Z', NOW)?.at).toBe(Date.parse('2025-10-12T08:00:00Z'));
  });

  it('GIVEN a malformed, impossible or future date THEN an OptionError that says how to write one', () => {
    expect(() => pastMoment('10/10/2025', NOW)).toThrow(OptionError);
    expect(() => pastMoment('10/10/2025', NOW)).toThrow(/use YYYY-MM-DD, e\.g\. 2025-10-10/);
    expect(() => pastMoment('2023-02-29', NOW)).toThrow('2023-02-29 is not a real date');
    expect(() => pastMoment('2025-10-13', NOW)).toThrow(
      '2025-10-13 is in the future: I can explain moments up to 12 October 2025, 09:30 UTC, not after.',
    );
    expect(() => pastMoment('2025-10-12T10:00', NOW)).toThrow(/is in the future/);
  });

  it('GIVEN typed text THEN date:, date= and a bare date after the coin all fill the option', () => {
    expect(parseTextOptions(whyCommand, 'btc date:2025-10-10')).toEqual({ coin: 'btc', date: '2025-10-10' });
    expect(parseTextOptions(whyCommand, 'date=2025-10-10 full')).toEqual({ date: '2025-10-10', full: true });
    expect(parseTextOptions(whyCommand, 'eth 2025-10-10')).toEqual({ coin: 'eth', date: '2025-10-10' });
    expect(parseTextOptions(whyCommand, '2025-10-10 sol')).toEqual({ coin: 'sol', date: '2025-10-10' });
  });
});
