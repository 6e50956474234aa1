// The README's sample articles are what the bot writes today: each sample is rewritten by running its command
// through the real CLI (in-process) and compared with the README's text block, so a change to the writer that
// changes a sample fails here until the README is regenerated.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const README = readFileSync('README.md', 'utf8');
const FUTURES = readdirSync('examples/binance/futures/um')
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => `examples/binance/futures/um/${f}`)
  .join(',');

/** The first ```text block after `marker` (without a leading `$ command` line). */
function sampleAfter(marker: string): string {
  const from = README.indexOf(marker);
  expect(from, `README holds "${marker}"`).toBeGreaterThanOrEqual(0);
  const start = README.indexOf('```text\n', from) + '```text\n'.length;
  const body = README.slice(start, README.indexOf('```', start));
  return body.replace(/^\$ .*\n/, '').trimEnd();
}

const SAMPLES = [
  {
    marker: '5 August 2024, 07:00 UTC (the crash, Binance spot):',
    argv: ['why', '--replay', 'examples/binance/spot/BTCUSDT-1h-2024-08.csv', '--at', '2024-08-05T07:00:00Z'],
  },
  {
    marker: '20 August 2024, 12:00 UTC (a rising day',
    argv: ['why', '--replay', 'examples/binance/futures/um/BTCUSDT-1h-2024-08.csv', '--at', '2024-08-20T12:00:00Z'],
  },
  {
    marker: 'The long form, on the whole 2024 USD-M futures year',
    argv: ['why', '--full', '--replay', FUTURES, '--at', '2024-08-05T08:00:00Z'],
  },
];

describe('the README sample articles', () => {
  it.each(SAMPLES)(
    '"$marker" is what the command prints',
    async ({ marker, argv }) => {
      const run = await runCli(argv, { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' });
      expect(run.code).toBe(0);
      expect(run.out.trimEnd()).toBe(sampleAfter(marker));
    },
    60_000,
  );
});
