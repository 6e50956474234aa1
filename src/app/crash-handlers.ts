// Last-resort handlers for the whybot process: an unhandled promise rejection or an uncaught exception is
// logged once, through the same secret scrubber as every log line, and ends the process with exit code 1 so
// a supervisor (Docker, systemd, Kubernetes) restarts it from a clean state.
import { createLogger } from './logger.ts';

/** Options of installCrashHandlers. */
export interface CrashHandlerOptions {
  /** The secrets to scrub, read when a crash happens (the tokens from the environment and .env). */
  secrets: () => Iterable<string | undefined>;
  /** Ends the process (default process.exit). */
  exit?: (code: number) => never | void;
}

/** Install the handlers on this process (once; later calls do nothing). */
export function installCrashHandlers(options: CrashHandlerOptions): void {
  if (installed) return;
  installed = true;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let crashing = false;
  const crash = (what: string, err: unknown) => {
    if (crashing) return;
    crashing = true;
    try {
      createLogger('fatal', { secrets: options.secrets() }).fatal(
        { err },
        `${what}: whybot is exiting (exit code 1) for its supervisor to restart it`,
      );
    } finally {
      exit(1);
    }
  };
  process.on('unhandledRejection', (reason) => crash('unhandled promise rejection', reason));
  process.on('uncaughtException', (error) => crash('uncaught exception', error));
}

let installed = false;
