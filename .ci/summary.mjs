// CI's last word on a test run, from vitest's JSON results (the file given as the first argument): prints the
// skipped tests' files, fails (exit 1) when a suite of a service was skipped although its variable is set (the
// PostgreSQL suites with DATABASE_URL_TEST, the Redis ones with REDIS_URL_TEST: a run that lost the services must
// not go green), or when no test ran; and ends with the line "N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The services whose suites run only when their variable is set; a test file uses one when it names the variable. */
const SERVICES = [
  { name: 'PostgreSQL', variable: 'DATABASE_URL_TEST' },
  { name: 'Redis', variable: 'REDIS_URL_TEST' },
];

const resultsFile = process.argv[2] ?? '.vitest-results.json';
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
const skippedStatuses = new Set(['pending', 'skipped', 'todo']);

const problems = [];
const skippedFiles = [];
for (const file of results.testResults ?? []) {
  const skipped = (file.assertionResults ?? []).filter((t) => skippedStatuses.has(t.status)).length;
  if (skipped === 0) continue;
  const name = relative(process.cwd(), file.name);
  skippedFiles.push(`${name} (${skipped})`);
  let source = '';
  try {
    source = readFileSync(file.name, 'utf8');
  } catch {
    // a file gone since the run: nothing to tell about its services
  }
  for (const service of SERVICES) {
    if (process.env[service.variable] && source.includes(service.variable))
      problems.push(
        `${service.name} tests were skipped although ${service.variable} is set: ${name} (${skipped} skipped)`,
      );
  }
}

if (skippedFiles.length > 0) console.log(`skipped tests in: ${skippedFiles.join(', ')}`);
for (const problem of problems) console.log(`error: ${problem}`);
if (results.numTotalTests === 0) console.log('error: no test ran');
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
process.exit(problems.length > 0 || results.numTotalTests === 0 ? 1 : 0);
