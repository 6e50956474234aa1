// whybot's command line: `whybot [start]`, `whybot why`, `whybot collect`, `whybot help`.
// Returns an exit code: 0 success, 1 runtime or network failure, 2 bad input or settings (README, "Exit codes").
// Errors are one clear line naming the setting or file and the fix, never a stack trace.
// Help and bad usage load no market, chart or chat library: commands import what they need when they run.
import { dirname, join } from 'node:path';
import dotenv from 'dotenv';
import pino from 'pino';
import { enabledPlatforms, PLATFORMS, platformList, secretValues } from '../adapters/platforms.ts';
import { NoticeBoard } from '../app/notice-board.ts';
import type { Config } from '../config/schema.ts';
import { DataUnavailableError, RateLimitedError, UserFacingError } from '../core/errors.ts';
import { exchangeName } from '../core/markets.ts';
import { configSecrets, createLogger, type Logger } from '../app/logger.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { secretScrubber } from '../observability/scrub-secrets.ts';
import { ReplayFileError } from '../simulator/kline-files.ts';
import { parseCli, type CliRequest } from './parse-cli.ts';
import { COMMAND_USAGE, USAGE, UsageError } from './usage.ts';
import { packageVersion } from './version.ts';
import { StartupError, startupProblem } from '../app/startup-errors.ts';
import { prepareWritableFile } from '../app/writable-file.ts';
import type { Runtime } from '../app/runtime.ts';

/** Where the CLI writes, and the environment it reads (process ones by default). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  logger?: Logger;
  /** Whether standard input is a terminal a person types into (default: process.stdin.isTTY). */
  interactive?: boolean;
}

/**
 * The logger of a command run. Chat servers keep JSON lines on stderr. At the terminal prompt the JSON lines go
 * to a log file (its path printed once) and a person sees short lines instead: state changes, warnings, errors.
 * A one-shot `why` at a terminal shows warnings as short lines on stderr; routine info lines stay out of the way.
 */
function cliLogger(
  request: CliRequest,
  config: Config,
  prompt: boolean,
  io: CliIo,
): { logger: Logger; notices?: NoticeBoard } {
  const secrets = configSecrets(config);
  if (prompt) {
    const notices = new NoticeBoard((line) => io.stderr.write(`${line}\n`));
    const file = config.WHYBOT_LOG_FILE ?? join(dirname(config.WHYBOT_DB_PATH), 'whybot.log');
    prepareWritableFile(
      config.WHYBOT_LOG_FILE === undefined ? 'WHYBOT_DB_PATH (the log file beside it)' : 'WHYBOT_LOG_FILE',
      file,
    );
    notices.write(`whybot: logs go to ${file}`);
    const destination = pino.destination({ dest: file, append: true, sync: true });
    return { logger: createLogger(config.LOG_LEVEL, { secrets, destination, notices }), notices };
  }
  const quiet = request.command === 'why' && io.env.LOG_LEVEL === undefined;
  if (request.command === 'why' && (io.stderr as { isTTY?: boolean }).isTTY === true) {
    const notices = new NoticeBoard((line) => io.stderr.write(`${line}\n`));
    // the JSON lines are dropped: the short lines say all a person running one command needs
    return {
      logger: createLogger(quiet ? 'warn' : config.LOG_LEVEL, {
        secrets,
        destination: { write: () => undefined },
        notices,
      }),
    };
  }
  return { logger: createLogger(quiet ? 'warn' : config.LOG_LEVEL, { secrets }) };
}

async function run(request: CliRequest, io: CliIo): Promise<number> {
  if (request.command === 'help') {
    io.stdout.write(`${request.topic === undefined ? USAGE : COMMAND_USAGE[request.topic]}\n`);
    return 0;
  }
  if (request.command === 'version') {
    io.stdout.write(`whybot ${packageVersion()}\n`);
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
  if (request.command === 'export') {
    const { runExportCommand } = await import('./export-command.ts');
    return runExportCommand(request.argv, { stdout: io.stdout, stderr: io.stderr, env: io.env });
  }
  // --lang is this run's WHYBOT_LANGUAGE: the terminal's and the CLI's language (checked like the setting)
  const lang = 'lang' in request && request.lang !== undefined ? { WHYBOT_LANGUAGE: request.lang } : {};
  const config = loadConfig({ ...io.env, ...lang }, PLATFORMS);
  const prompt = request.command === 'start' && enabledPlatforms(config).length === 0;
  if (request.command === 'start') {
    const { checkRoles } = await import('./start-command.ts');
    checkRoles(request.roles ?? ['all'], config, request.replayFiles !== undefined);
  }
  if (prompt && !terminalWanted(request, config.WHYBOT_TERMINAL, io.interactive ?? process.stdin.isTTY === true)) {
    throw new StartupError(
      `no chat token and no terminal attached: set ${platformList(
        PLATFORMS.map((p) => p.tokenSetting),
        'or',
      )} (in .env or the container environment), run with a terminal (docker run -it), or set WHYBOT_TERMINAL=on to read commands from standard input`,
    );
  }
  // a database file that cannot be made fails now, naming its setting, before the market libraries load
  if (config.DATABASE_URL === undefined && config.WHYBOT_DB_PATH !== ':memory:' && request.replayFiles === undefined)
    prepareWritableFile('WHYBOT_DB_PATH', config.WHYBOT_DB_PATH);
  const { logger, notices } = io.logger
    ? { logger: io.logger, notices: undefined }
    : cliLogger(request, config, prompt, io);
  if (prompt && request.replayFiles === undefined) {
    notices?.write(`whybot: starting; loading ${exchangeName(config.WHYBOT_EXCHANGE)} markets...`);
  }
  const { startRuntime } = await import('../app/runtime.ts');
  const runtime = await startRuntime({ config, logger, ...request });
  if (runtime.replay && request.command === 'start')
    notices?.write('whybot: a replay keeps digest schedules and alert settings in memory; the database is not touched');
  try {
    if (!runtime.replay) await checkMarketsAtStart(runtime, logger);
    if (request.command === 'why') {
      const { runWhy } = await import('./why-command.ts');
      return await runWhy(request, runtime, io.stdout);
    }
    const { runStart } = await import('./start-command.ts');
    return await runStart(config, runtime, logger, {
      ...(notices ? { notices } : {}),
      ...(request.roles ? { roles: request.roles } : {}),
    });
  } finally {
    await runtime.close();
  }
}

/** The terminal prompt runs when asked for (--terminal, WHYBOT_TERMINAL=on), on a real terminal, or for a replay. */
function terminalWanted(
  request: Extract<CliRequest, { command: 'start' }>,
  setting: 'auto' | 'on',
  interactive: boolean,
): boolean {
  return setting === 'on' || request.terminal === true || interactive || request.replayFiles !== undefined;
}

/**
 * Name the tracked coins or quote the exchange cannot serve (exit 2). An exchange that cannot be reached now is
 * not fatal: the markets load again with the first request.
 */
async function checkMarketsAtStart(runtime: Runtime, logger: Logger): Promise<void> {
  let problems: string[];
  try {
    problems = await runtime.services.checkMarkets();
  } catch (error) {
    logger.warn(
      { err: (error as Error).message },
      'could not check WHYBOT_COINS and WHYBOT_QUOTE against the exchange at start-up (unreachable); they are checked again with the first request',
    );
    return;
  }
  if (problems.length > 0) throw new StartupError(problems.join('\nwhybot: '));
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
    // Market data out of reach is a runtime failure (1), not bad input (2).
    if (error instanceof RateLimitedError || error instanceof DataUnavailableError) {
      io.stderr.write(`whybot: ${error.message}\n`);
      return 1;
    }
    if (error instanceof ReplayFileError || error instanceof UserFacingError) {
      io.stderr.write(`whybot: ${error.message}\n`);
      return 2;
    }
    // A failed login's message can carry a token (telegraf puts it in the URL): scrub it like the logs.
    const scrub = secretScrubber(secretValues(io.env));
    // Start-up failures this project knows (templates, database, exchange, refused tokens): the setting and the fix.
    const known = startupProblem(error);
    if (known) {
      io.stderr.write(`whybot: ${scrub(known.message)}\n`);
      return known.exitCode;
    }
    io.stderr.write(`whybot: unexpected error: ${scrub((error as Error).message ?? String(error))}\n`);
    return 1;
  }
}
