// How a benchmark section reports to bench/run.ts: each section runs in its own process (so its memory
// figures are its own) and ends by printing one marked JSON line of results on stdout.
import { pathToFileURL } from 'node:url';

/** A section's results: name -> number (or a short text, or null when not available). */
export type SectionResults = Record<string, number | string | boolean | null>;

/** The prefix of the results line. */
export const RESULT_MARK = 'BENCH_RESULT ';

/** Run `bench` and print its results line; exits non-zero on failure. */
export async function reportSection(bench: () => Promise<SectionResults>): Promise<void> {
  try {
    const results = await bench();
    process.stdout.write(`${RESULT_MARK}${JSON.stringify(results)}\n`);
  } catch (error) {
    process.stderr.write(`bench section failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}

/** True when the module at `url` (import.meta.url) is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === url;
}
