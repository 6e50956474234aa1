// Turns what can go wrong while whybot starts into one line that names the setting or file and says what to
// do, with the exit code the README documents: 2 for bad settings, files and tokens the operator must fix,
// 1 for runtime and network failures. Anything not recognised here stays an "unexpected error" (exit 1).
import { UnknownExchangeError } from '../gather/errors.ts';
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

/** Where a new Discord bot token is made. */
export const DISCORD_TOKEN_HELP =
  'make a new one in the Discord Developer Portal (https://discord.com/developers/applications > your app > Bot > Reset Token) and set DISCORD_TOKEN';
/** Where a Telegram bot token comes from. */
export const TELEGRAM_TOKEN_HELP =
  'get the current one from @BotFather (/token, or /revoke for a new one) and set TELEGRAM_TOKEN';

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
  if (/^(SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|SQLITE_IOERR|EACCES|EPERM|EROFS|ENOTDIR|EISDIR|EEXIST)/.test(c)) {
    return new StartupError(
      `${setting}: cannot open ${path} for writing (${why}): make its folder writable by this user, or set ${setting} to a writable file`,
    );
  }
  return new StartupError(`${setting}: cannot use the database ${path} (${why})`);
}

/** True when a chat platform refused the token (HTTP 401), as discord.js and telegraf report it. */
function tokenRefused(error: unknown): 'discord' | 'telegram' | undefined {
  if (code(error) === 'TokenInvalid') return 'discord';
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 401 && /discord/i.test(String((error as { url?: unknown }).url ?? ''))) return 'discord';
  // telegraf's TelegramError: 401 for a revoked token, 404 from getMe for a malformed one
  const { response, on } = (error ?? {}) as { response?: { error_code?: unknown }; on?: { method?: unknown } };
  if (response?.error_code === 401 || (response?.error_code === 404 && on?.method === 'getMe')) return 'telegram';
  return undefined;
}

/** A StartupError for a failure this module recognises, or undefined. */
export function startupProblem(error: unknown): StartupError | undefined {
  if (error instanceof StartupError) return error;
  if (error instanceof TemplateLoadError) {
    return new StartupError(
      `WHYBOT_TEMPLATES_DIR: ${error.message}: point it at a copy of the repository's templates/ folder, or leave it empty`,
    );
  }
  if (error instanceof UnknownExchangeError) return new StartupError(`WHYBOT_EXCHANGE: ${error.message}`);
  const refused = tokenRefused(error);
  if (refused === 'discord')
    return new StartupError(`DISCORD_TOKEN was refused by Discord (401 Unauthorized): ${DISCORD_TOKEN_HELP}`);
  if (refused === 'telegram')
    return new StartupError(`TELEGRAM_TOKEN was refused by Telegram (401 Unauthorized): ${TELEGRAM_TOKEN_HELP}`);
  return undefined;
}
