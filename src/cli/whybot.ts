// whybot's command line: `whybot [start]`, `whybot why`, `whybot collect`, `whybot help`.
// Returns an exit code: 0 success, 1 failure, 2 bad input. Errors are one clear line, never a stack trace.
import dotenv from 'dotenv';
import { UserFacingError } from '../app/errors.ts';
import { configSecrets, createLogger, type Logger } from '../app/logger.ts';
import { startRuntime } from '../app/runtime.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { secretScrubber } from '../observability/scrub-secrets.ts';
import { ReplayFileError } from '../simulator/kline-files.ts';
import { parseCli, type CliRequest } from './parse-cli.ts';
import { USAGE, UsageError } from './usage.ts';
import { runWhy } from './why-command.ts';
import { checkRole, runStart } from './start-command.ts';

/** Where the CLI writes, and the environment it reads (process ones by default). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  logger?: Logger;
}

async function run(request: CliRequest, io: CliIo): Promise<number> {
  if (request.command === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (request.command === 'collect') {
    const { runCollectCommand } = await import('./collect.ts');
    return runCollectCommand(request.argv, { env: io.env, ...(io.logger ? { logger: io.logger } : {}) });
  }
  if (request.command === 'backtest') {
    const { runBacktestCommand } = await import('./backtest.ts');
    return runBacktestCommand(request.argv, { stdout: io.stdout, stderr: io.stderr, env: io.env });
  }
  const config = loadConfig(io.env);
  // A one-shot `why` and the terminal prompt print for a person; routine info lines would only clutter the
  // screen, so they default to warnings (LOG_LEVEL still wins when set).
  const terminal = request.command === 'why' || (config.DISCORD_TOKEN === undefined && config.TELEGRAM_TOKEN === undefined);
  const quiet = terminal && io.env.LOG_LEVEL === undefined;
  const logger = io.logger ?? createLogger(quiet ? 'warn' : config.LOG_LEVEL, { secrets: configSecrets(config) });
  if (request.command === 'start') checkRole(request.role ?? 'all', config, request.replayFiles !== undefined);
  const runtime = await startRuntime({ config, logger, ...request });
  try {
    if (request.command === 'why') return await runWhy(request, runtime, io.stdout);
    return await runStart(config, runtime, logger, request.role ? { role: request.role } : {});
  } finally {
    await runtime.close();
  }
}

/** Run the CLI with argv (no node/script); resolves to the exit code. */
export async function main(argv: string[], partial: Partial<CliIo> = {}): Promise<number> {
  if (!partial.env) dotenv.config({ quiet: true });
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, ...partial };
  try {
    return await run(parseCli(argv), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`whybot: ${error.message}\nRun "whybot help" for usage.\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(error.problems.map((problem) => `whybot: ${problem}\n`).join(''));
      return 2;
    }
    if (error instanceof ReplayFileError || error instanceof UserFacingError) {
      io.stderr.write(`whybot: ${error.message}\n`);
      return 2;
    }
    // A failed login's message can carry a token (telegraf puts it in the URL): scrub it like the logs.
    const scrub = secretScrubber([io.env.DISCORD_TOKEN, io.env.TELEGRAM_TOKEN]);
    io.stderr.write(`whybot: unexpected error: ${scrub((error as Error).message ?? String(error))}\n`);
    return 1;
  }
}
