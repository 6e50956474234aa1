// The CLI's argument parsing: each command's options, and a clear UsageError for everything else.
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli/parse-cli.ts';
import { UsageError } from '../../src/cli/usage.ts';

describe('parseCli', () => {
  it('starts the bot with no arguments, and passes a replay through', () => {
    expect(parseCli([])).toEqual({ command: 'start' });
    expect(parseCli(['--replay', 'a.csv,b.csv', '--at', '2024-08-05T07:00:00Z'])).toEqual({
      command: 'start',
      replayFiles: ['a.csv', 'b.csv'],
      at: '2024-08-05T07:00:00Z',
    });
  });

  it('reads the roles of a scaled-out process, alone or joined by commas', () => {
    expect(parseCli(['start', '--role', 'worker'])).toEqual({ command: 'start', roles: ['worker'] });
    expect(parseCli(['--role', 'chat,worker'])).toEqual({ command: 'start', roles: ['chat', 'worker'] });
  });

  it('passes --market through with a replay', () => {
    expect(parseCli(['why', '--replay', 'a.csv', '--market', 'coinm'])).toEqual({
      command: 'why',
      full: false,
      format: 'text',
      replayFiles: ['a.csv'],
      market: 'coinm',
    });
    expect(parseCli(['--replay', 'a.csv', '--market', 'mark'])).toEqual({
      command: 'start',
      replayFiles: ['a.csv'],
      market: 'mark',
    });
  });

  it('reads why with a coin, --full and --format json', () => {
    expect(parseCli(['why', 'sol', '--full', '--format', 'json'])).toEqual({
      command: 'why',
      coin: 'sol',
      full: true,
      format: 'json',
    });
    expect(parseCli(['why'])).toEqual({ command: 'why', full: false, format: 'text' });
  });

  it.each([
    [['why', '--format', 'xml'], /--format must be text or json/],
    [['why', 'btc', 'eth'], /one coin at most/],
    [['why', '--at', '2024-08-05T07:00:00Z'], /--at only works with --replay/],
    [['why', '--replay', ','], /at least one file/],
    [['why', '--market', 'spot'], /--market only works with --replay/],
    [
      ['why', '--replay', 'a.csv', '--market', 'perp'],
      /--market must be one of spot, usdm, coinm, mark, index, not "perp"/,
    ],
    [['why', '--bogus'], /Unknown option '--bogus'/],
    [['start', '--full'], /belong to "whybot why"/],
    [['start', '--role', 'boss'], /--role takes all, chat, worker, collector/],
    [['start', '--role', 'chat,'], /--role takes/],
    [['why', '--role', 'chat'], /--role belongs to "whybot start"/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});

describe('--markets', () => {
  it('passes the files to the replay as the markets source files', () => {
    expect(parseCli(['why', '--replay', 'a.csv', '--markets', 'm.csv,n.csv'])).toEqual({
      command: 'why',
      full: false,
      format: 'text',
      replayFiles: ['a.csv'],
      sourceFiles: { markets: ['m.csv', 'n.csv'] },
    });
  });

  it('needs --replay and at least one file', () => {
    expect(() => parseCli(['why', '--markets', 'm.csv'])).toThrow('--markets only works with --replay');
    expect(() => parseCli(['why', '--replay', 'a.csv', '--markets', ','])).toThrow(
      '--markets needs at least one file.',
    );
  });
  it('GIVEN --spot THEN its files go to the spot source, with --replay only, and --lang names the language', () => {
    expect(parseCli(['why', '--replay', 'f.csv', '--spot', 's1.csv, s2.csv', '--lang', 'ru'])).toEqual({
      command: 'why',
      full: false,
      format: 'text',
      lang: 'ru',
      replayFiles: ['f.csv'],
      sourceFiles: { spot: ['s1.csv', 's2.csv'] },
    });
    expect(() => parseCli(['why', '--spot', 's.csv'])).toThrow('--spot only works with --replay');
    expect(() => parseCli(['why', '--replay', 'f.csv', '--spot', ' , '])).toThrow('--spot needs at least one file.');
  });
});
