// The process logger: structured JSON lines (pino) on stderr, level from configuration, secrets redacted.
import pino, { type Logger } from 'pino';

/** Field paths that may hold secrets; their values are replaced before a line is written. */
export const REDACTED_PATHS = ['token', '*.token', 'config.DISCORD_TOKEN', 'config.TELEGRAM_TOKEN', 'DISCORD_TOKEN', 'TELEGRAM_TOKEN', 'headers.authorization', '*.headers.authorization'];

/** A pino logger writing to stderr (stdout stays free for command output such as --format json). */
export function createLogger(level: string = 'info', destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { app: 'whybot' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
