// Test helper: the "no sentence copied from the reference articles" check, without their text in the repository.
// The fixture holds only a short hash of every eight-word run of the reference articles (see wordRuns); a run of
// an article is copied when its hash is in the set. Regenerate with test/fixtures/make-reference-runs.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { wordRuns } from './article-checks.ts';

/** The fixture file: hashes of the reference articles' eight-word runs. */
export const REFERENCE_RUNS_FILE = new URL('../fixtures/reference-word-runs.json', import.meta.url);

/** The short hash the fixture stores for one eight-word run (first 16 hex digits of its SHA-256). */
export function runHash(run: string): string {
  return createHash('sha256').update(run).digest('hex').slice(0, 16);
}

/** Hashes of every eight-word run of the given texts, sorted. */
export function hashRuns(texts: string[]): string[] {
  return [...new Set(texts.flatMap((t) => [...wordRuns(t)].map(runHash)))].sort();
}

/** The stored hashes of the reference articles' eight-word runs. */
export function referenceRunHashes(): Set<string> {
  const fixture = JSON.parse(readFileSync(REFERENCE_RUNS_FILE, 'utf8')) as { hashes: string[] };
  return new Set(fixture.hashes);
}

/** The eight-word runs of `text` that also occur in a reference article. */
export function copiedRuns(text: string, reference: Set<string> = referenceRunHashes()): string[] {
  return [...wordRuns(text)].filter((r) => reference.has(runHash(r)));
}
