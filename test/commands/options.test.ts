// Option parsing and validation with hostile input: empty, very long, unicode, markup injection, unknown options.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveCoin } from '../../commands/coin.ts';
import { commands } from '../../commands/index.ts';
import {
  MAX_ARGUMENT_TEXT,
  OptionError,
  parseStructuredOptions,
  parseTextOptions,
  quoteForUser,
  usage,
} from '../../commands/options.ts';
import type { CommandDefinition } from '../../commands/types.ts';
import { UnknownCoinError } from '../../src/core/errors.ts';

const command = (name: string): CommandDefinition => {
  const found = commands.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no command ${name}`);
  return found;
};
const why = command('why');
const liqs = command('liqs');
const status = command('status');
const TRACKED = ['BTC', 'ETH', 'SOL'];

describe('parseTextOptions', () => {
  it('reads a coin, a flag and a choice in any order and case', () => {
    expect(parseTextOptions(why, '')).toEqual({});
    expect(parseTextOptions(why, '   ')).toEqual({});
    expect(parseTextOptions(why, 'eth')).toEqual({ coin: 'eth' });
    expect(parseTextOptions(why, 'FULL eth')).toEqual({ coin: 'eth', full: true });
    expect(parseTextOptions(why, '--full')).toEqual({ full: true });
    expect(parseTextOptions(why, 'coin=sol full=yes')).toEqual({ coin: 'sol', full: true });
    expect(parseTextOptions(why, 'full=no')).toEqual({});
    expect(parseTextOptions(liqs, '7D')).toEqual({ window: '7d' });
    expect(parseTextOptions(liqs, 'window=30d')).toEqual({ window: '30d' });
  });

  it('rejects unknown words and options with the usage line', () => {
    expect(() => parseTextOptions(why, 'eth banana')).toThrow(OptionError);
    expect(() => parseTextOptions(why, 'eth banana')).toThrow(
      "I don't understand “banana”. Usage: /why [coin] [full] [date]",
    );
    expect(() => parseTextOptions(status, 'now')).toThrow("I don't understand “now”. Usage: /status");
    expect(() => parseTextOptions(liqs, '3d')).toThrow('“3d” is not a window I know; use one of 1h, 4h, 24h, 7d, 30d.');
    // With a coin option too, a window that is not offered is named as such, not taken for a coin.
    expect(() => parseTextOptions(command('alerts'), 'on -4 2h eth')).toThrow(
      '“2h” is not a window I know; use one of 15m, 30m, 1h, 4h, 12h, 24h.',
    );
    expect(parseTextOptions(command('alerts'), 'on -4 4h eth')).toMatchObject({ window: '4h', coin: 'eth' });
    expect(() => parseTextOptions(liqs, '7d 24h')).toThrow(OptionError);
    expect(() => parseTextOptions(why, 'full=maybe')).toThrow('full takes yes or no, not “maybe”.');
    expect(() => parseTextOptions(why, 'colour=red')).toThrow(OptionError);
  });

  it('refuses very long input without echoing it in full', () => {
    const long = 'A'.repeat(MAX_ARGUMENT_TEXT + 1);
    expect(() => parseTextOptions(why, long)).toThrow('That is too long for /why. Usage: /why [coin] [full] [date]');
    const longWord = `eth ${'x'.repeat(150)}`;
    try {
      parseTextOptions(why, longWord);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain(`“${'x'.repeat(24)}…”`);
      expect((err as Error).message.length).toBeLessThan(90);
    }
  });

  it('normalises unicode: full-width letters, non-breaking spaces, zero-width characters', () => {
    expect(parseTextOptions(why, 'ＥＴＨ\u00a0ｆｕｌｌ')).toEqual({ coin: 'ETH', full: true });
    expect(parseTextOptions(why, 'e\u200bth')).toEqual({ coin: 'eth' });
    expect(parseTextOptions(why, 'eth\u2003full')).toEqual({ coin: 'eth', full: true });
  });

  it('keeps markup as plain text (renderers escape it)', () => {
    expect(parseTextOptions(why, '<b>x</b>')).toEqual({ coin: '<b>x</b>' });
    expect(parseTextOptions(why, '**x**')).toEqual({ coin: '**x**' });
  });

  it('throws nothing but OptionError, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        for (const c of commands) {
          try {
            const values = parseTextOptions(c, text);
            for (const [name, value] of Object.entries(values)) {
              const spec = c.options.find((o) => o.name === name);
              expect(spec).toBeDefined();
              if (spec?.kind === 'choice') expect(spec.choices).toContain(value);
              if (spec?.kind === 'flag') expect(value).toBe(true);
            }
          } catch (err) {
            expect(err).toBeInstanceOf(OptionError);
          }
        }
      }),
    );
  });
});

describe('parseStructuredOptions (Discord)', () => {
  it('accepts typed values and drops empty ones', () => {
    expect(parseStructuredOptions(why, { coin: 'eth', full: true })).toEqual({ coin: 'eth', full: true });
    expect(parseStructuredOptions(why, { coin: '  ', full: false })).toEqual({});
    expect(parseStructuredOptions(why, { coin: undefined, full: null })).toEqual({});
    expect(parseStructuredOptions(liqs, { window: '7d' })).toEqual({ window: '7d' });
  });

  it('rejects unknown options, wrong types and values outside the choices', () => {
    expect(() => parseStructuredOptions(why, { colour: 'red' })).toThrow(
      '/why has no option “colour”. Usage: /why [coin] [full] [date]',
    );
    expect(() => parseStructuredOptions(why, { full: 'yes' })).toThrow('full takes yes or no.');
    expect(() => parseStructuredOptions(why, { coin: 42 })).toThrow('coin takes text.');
    expect(() => parseStructuredOptions(liqs, { window: '3d' })).toThrow(OptionError);
    expect(() => parseStructuredOptions(why, { coin: 'x'.repeat(MAX_ARGUMENT_TEXT + 1) })).toThrow('coin is too long.');
  });
});

describe('resolveCoin', () => {
  it('finds tracked coins however they are typed', () => {
    expect(resolveCoin('eth', TRACKED)).toBe('ETH');
    expect(resolveCoin(' $sol ', TRACKED)).toBe('SOL');
    expect(resolveCoin('ＢＴＣ', TRACKED)).toBe('BTC');
  });

  it('names the coin it does not track, safely quoted, and lists the tracked ones', () => {
    expect(() => resolveCoin('XYZ', TRACKED)).toThrow(new UnknownCoinError('XYZ', TRACKED));
    expect(() => resolveCoin('XYZ', TRACKED)).toThrow("I don't track XYZ; try one of BTC, ETH, SOL.");
    expect(() => resolveCoin('<b>x</b>', TRACKED)).toThrow("I don't track <b>x</b>; try one of BTC, ETH, SOL.");
    expect(() => resolveCoin('a\u0000b\u202ec', TRACKED)).toThrow("I don't track abc; try one of");
    expect(() => resolveCoin('', TRACKED)).toThrow("I don't track (nothing)");
  });
});

describe('quoteForUser and usage', () => {
  it('removes control and invisible characters and shortens by characters, not code units', () => {
    expect(quoteForUser('a\nb\tc')).toBe('a b c');
    expect(quoteForUser('🚀'.repeat(30), 3)).toBe('🚀🚀🚀…');
  });

  it('writes the usage line from the options', () => {
    expect(commands.map(usage)).toEqual([
      '/why [coin] [full] [date]',
      '/levels [coin]',
      '/liqs [1h|4h|24h|7d|30d]',
      '/status',
      '/help',
      '/digest [set|off|show|now] [time] [zone]',
      '/alerts [on|off|show] [threshold] [15m|30m|1h|4h|12h|24h] [coin]',
      '/language [language]',
    ]);
  });
});
