// The process logger: structured JSON lines (pino) on stderr, level from configuration, secrets redacted:
// fields known to hold secrets are censored by path, and every finished line is scrubbed of the configured
// tokens (and of anything token-shaped), so a token inside an error message or a URL never reaches the log.
import pino, { type Logger } from 'pino';
import { PLATFORMS, secretValues } from '../adapters/platforms.ts';
import type { Config } from '../config/schema.ts';
import { REDACTED, secretScrubber } from '../observability/scrub-secrets.ts';
import { type NoticeBoard, noticeStream } from './notice-board.ts';

/** Field paths that may hold secrets; their values are replaced before a line is written. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  ...PLATFORMS.flatMap((platform) => platform.secrets.flatMap((key) => [`config.${key}`, key])),
  'headers.authorization',
  '*.headers.authorization',
  'headers.Authorization',
  '*.headers.Authorization',
];

/** Options of createLogger. */
export interface LoggerOptions {
  /** Where lines go (default: stderr; stdout stays free for command output such as --format json). */
  destination?: pino.DestinationStream;
  /** Secret values (tokens) to scrub from every line wherever they appear. */
  secrets?: Iterable<string | undefined>;
  /** Also show warnings, errors and notices as short human lines on this board (the terminal prompt). */
  notices?: NoticeBoard;
}

/** The secrets a configuration holds (the chat platforms' tokens), for LoggerOptions.secrets. */
export function configSecrets(config: Config): Array<string | undefined> {
  return secretValues(config);
}

/** A pino logger writing JSON lines, with secrets redacted. */
export function createLogger(level: string = 'info', options: LoggerOptions = {}): Logger {
  const scrub = secretScrubber(options.secrets ?? []);
  return pino(
    {
      level,
      base: { app: 'whybot' },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      hooks: { streamWrite: scrub },
    },
    options.notices === undefined || level === 'silent'
      ? (options.destination ?? pino.destination(2))
      : pino.multistream([
          { level: level as pino.Level, stream: options.destination ?? pino.destination(2) },
          { level: 'trace', stream: noticeStream(options.notices) },
        ]),
  );
}

export type { Logger };
