// CI's summary (.ci/summary.mjs) on real vitest JSON results: a run of the Redis suite without REDIS_URL_TEST has
// its tests skipped; the summary counts them on its last line, and fails when the variable is set (a CI run that
// lost its services must not go green), naming the file.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS } from '../helpers/testkit.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = mkdtempSync(join(tmpdir(), 'whybot-ci-'));
const RESULTS = join(DIR, 'results.json');
const SUITE = 'test/cluster/redis-upstream-pause.test.ts';

/** The environment without the service variables (plus `extra`). */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { REDIS_URL_TEST: _r, DATABASE_URL_TEST: _d, ...rest } = process.env;
  return { ...rest, ...extra };
}

async function summary(extra: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  const done = await run(process.execPath, ['.ci/summary.mjs', RESULTS], { cwd: ROOT, env: env(extra) }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  return { code: done.code, lines: done.stdout.trim().split('\n') };
}

beforeAll(async () => {
  // the real runner on a Redis suite, its variable unset: every test of it is skipped
  await run(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', SUITE, '--reporter=json', `--outputFile=${RESULTS}`],
    {
      cwd: ROOT,
      env: env(),
    },
  );
}, PROCESS_TEST_TIMEOUT_MS);
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('the CI summary', () => {
  it('counts the skipped tests on its last line, and passes when their service variable is not set', async () => {
    const { code, lines } = await summary({});
    expect(code).toBe(0);
    expect(lines.at(-1)).toMatch(/^0 passed, 0 failed, [1-9]\d* skipped$/);
    expect(lines[0]).toMatch(new RegExp(`^skipped tests in: ${SUITE} \\(\\d+\\)$`));
  });

  it('fails, naming the file, when the Redis suite was skipped although REDIS_URL_TEST is set', async () => {
    const { code, lines } = await summary({ REDIS_URL_TEST: 'redis://127.0.0.1:6379' });
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^error: Redis tests were skipped although REDIS_URL_TEST is set: ${SUITE}`)),
    );
    expect(lines.at(-1)).toMatch(/^0 passed, 0 failed, \d+ skipped$/);
  });

  it('does not blame PostgreSQL for a Redis suite', async () => {
    const { code } = await summary({ DATABASE_URL_TEST: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(code).toBe(0);
  });
});
