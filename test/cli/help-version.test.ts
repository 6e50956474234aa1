// `whybot --version`, `whybot help COMMAND` and `whybot COMMAND --help`, through the real CLI entry.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli/parse-cli.ts';
import { UsageError } from '../../src/cli/usage.ts';
import { runCli } from '../helpers/run-cli.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('whybot --version and per-command help', () => {
  it('--version, -v and version print the package version and exit 0', async () => {
    for (const flag of ['--version', '-v', 'version']) {
      const run = await runCli([flag], {});
      expect(run).toEqual({ code: 0, out: `whybot ${VERSION}\n`, err: '' });
    }
  });

  it.each([
    [['why', '--help'], 'Usage: whybot why [COIN]'],
    [['help', 'why'], 'Usage: whybot why [COIN]'],
    [['start', '-h'], 'Usage: whybot [start]'],
    [['--help'], 'whybot: explains why crypto is moving'],
    [['-h'], 'whybot: explains why crypto is moving'],
    [['help'], 'whybot: explains why crypto is moving'],
    [['help', 'backtest'], 'Usage: whybot backtest --replay'],
    [['collect', '--help'], 'Usage: whybot collect'],
    [['backtest', '--help'], 'Usage: whybot backtest --replay'],
    [['export', '--help'], 'Usage: whybot export liquidations'],
    [['help', 'export'], 'Usage: whybot export liquidations'],
  ])("%j prints that command's help and exits 0", async (argv, first) => {
    const run = await runCli(argv, {});
    expect(run.code).toBe(0);
    expect(run.out.startsWith(first)).toBe(true);
    expect(run.err).toBe('');
  });

  it('help for a command that does not exist is a usage error (exit 2) naming the commands', async () => {
    expect(() => parseCli(['help', 'frob'])).toThrow(UsageError);
    const run = await runCli(['help', 'frob'], {});
    expect(run.code).toBe(2);
    expect(run.err).toContain('No help for "frob". Commands: start, why, collect, backtest, export.');
  });

  it('each command has one usage text, whichever way it is asked for', async () => {
    for (const topic of ['start', 'why', 'collect', 'backtest']) {
      const asked = await runCli(['help', topic], {});
      const flag = await runCli(topic === 'start' ? ['start', '--help'] : [topic, '--help'], {});
      expect(flag.out, topic).toBe(asked.out);
    }
    expect((await runCli(['--help'], {})).out).toBe((await runCli(['help'], {})).out);
  });

  it('the general help names the exit codes', async () => {
    const run = await runCli(['help'], {});
    expect(run.out).toContain('Exit codes: 0 done, 1 runtime or network failure, 2 bad input or settings.');
  });
});
