// A replay's source files are read before anything starts: a --spot or --news file that cannot be used stops the
// replay with exit code 2 and a line naming the file, instead of an article that silently lacks its part.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const REPLAY = ['why', '--replay', 'examples/binance/spot/BTCUSDT-1h-2024-08.csv', '--at', '2024-08-05T07:00:00Z'];
const ENV = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' };

describe('replay source files', () => {
  it.each([
    [['--spot', 'README.md'], /README\.md: name it as data\.binance\.vision does/],
    [
      ['--spot', 'examples/binance/spot/ETHUSDT-1h-2024-08.csv'],
      /cannot read the --spot file .*ETHUSDT-1h-2024-08\.csv \(ENOENT\)/,
    ],
    [['--news', 'README.md'], /news file README\.md is neither an RSS nor an Atom feed/],
    [['--news', 'examples/news/nope.xml'], /news file examples\/news\/nope\.xml does not exist/],
  ])('%j stops the replay, naming the file', async (extra, line) => {
    const run = await runCli([...REPLAY, ...extra], ENV);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(line);
  });
});
