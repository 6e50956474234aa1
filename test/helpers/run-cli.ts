// Runs the real CLI entry (src/cli/whybot.ts main) in-process with an environment of the test's choosing,
// and collects what it writes to stdout and stderr.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/whybot.ts';

/** What one CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Run `whybot ...argv` with `env` as the whole environment (no .env file is read). */
export async function runCli(argv: string[], env: Record<string, string>): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdout, stderr, env });
  return { code, out, err };
}
