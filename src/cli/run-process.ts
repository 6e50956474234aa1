// What the whybot executables (`npm run whybot`, `npm start`) run: the CLI with crash handlers installed, ending
// the process with the CLI's exit code. A handle left open (a socket that would not close) cannot keep a
// finished or failed start-up alive: the process exits at most FORCE_EXIT_MS after the CLI returned.
import { secretValues } from '../adapters/platforms.ts';
import { installCrashHandlers } from '../app/crash-handlers.ts';
import { main } from './whybot.ts';

/** Longest wait for open handles to close after the CLI returned, ms. */
export const FORCE_EXIT_MS = 2_000;

/** Run the CLI on `argv` as this process's whole job. */
export async function runProcess(argv: string[]): Promise<void> {
  installCrashHandlers({ secrets: () => secretValues(process.env) });
  const code = await main(argv);
  process.exitCode = code;
  setTimeout(() => process.exit(code), FORCE_EXIT_MS).unref();
}
