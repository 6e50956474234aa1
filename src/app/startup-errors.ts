// Turns what can go wrong while whybot starts into one line that names the setting or file and says what to
// do, with the exit code the README documents: 2 for bad settings, files and tokens the operator must fix,
// 1 for runtime and network failures. A refused chat token reads as its platform module says. Anything not recognised here stays an "unexpected error" (exit 1).
import { PLATFORMS } from '../adapters/platforms.ts';
import { UnknownExchangeError } from '../gather/errors.ts';
import { UnknownLanguageError } from './languages.ts';
import { TemplateLoadError } from './templates.ts';

/** Exit codes of the CLI (README, "Exit codes"). */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/** A start-up failure already written for the operator: one line, and the exit code to end with. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

const code = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0]!;

/** The database at `path` (from `setting`) could not be opened or written: one line naming the file and the fix. */
export function databaseError(path: string, error: unknown, setting = 'WHYBOT_DB_PATH'): StartupError {
  const c = String(code(error) ?? '');
  const why = firstLine(error);
  if (c === 'SQLITE_NOTADB' || c === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(why)) {
    return new StartupError(
      `${setting}: ${path} is not a usable SQLite database (${why}): move it away (a new one is created) or restore a backup`,
    );
  }
  if (/^(SQLITE_FULL|ENOSPC|EDQUOT)/.test(c) || /disk is full/i.test(why)) {
    return new StartupError(
      `${setting}: cannot write ${path} (the disk is full): free some space, or set ${setting} to a file on another disk`,
    );
  }
  if (/^(SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|SQLITE_IOERR|EACCES|EPERM|EROFS|ENOTDIR|EISDIR|EEXIST)/.test(c)) {
    return new StartupError(
      `${setting}: cannot open ${path} for writing (${why}): make its folder writable by this user, or set ${setting} to a writable file`,
    );
  }
  return new StartupError(`${setting}: cannot use the database ${path} (${why})`);
}

/** A StartupError for a failure this module recognises, or undefined. */
export function startupProblem(error: unknown): StartupError | undefined {
  if (error instanceof StartupError) return error;
  if (error instanceof TemplateLoadError) {
    return new StartupError(
      `WHYBOT_TEMPLATES_DIR: ${error.message}: point it at a copy of the repository's templates/ folder, or leave it empty`,
    );
  }
  if (error instanceof UnknownLanguageError) return new StartupError(`WHYBOT_LANGUAGE (or --lang): ${error.message}`);
  if (error instanceof UnknownExchangeError) return new StartupError(`WHYBOT_EXCHANGE: ${error.message}`);
  for (const platform of PLATFORMS) {
    const refused = platform.refusedToken(error);
    if (refused !== undefined) return new StartupError(refused);
  }
  return undefined;
}
