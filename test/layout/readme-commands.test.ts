// The README's commands run as written: every `npm run SCRIPT` it shows names a script of package.json, and none
// runs the CLI through `npx whybot` (which, in a clone, installs the project into npm's cache and rebuilds it there,
// and may later run that stale copy). The CLI is `npm run whybot -- ...`, tsx from the sources.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

/** The command lines of the README: the lines of its sh blocks, and `$ ` lines of its text blocks. */
function commandLines(): string[] {
  const blocks = [...README.matchAll(/```(sh|text)\n([\s\S]*?)```/g)];
  return blocks.flatMap(([, kind, body]) =>
    body!
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => (kind === 'sh' ? line !== '' && !line.startsWith('#') : line.startsWith('$ ')))
      .map((line) => line.replace(/^\$ /, '')),
  );
}

describe("the README's commands", () => {
  it('name scripts package.json has, and never npx whybot', () => {
    const lines = commandLines();
    expect(lines.length).toBeGreaterThan(5);
    const scripts = lines.flatMap((line) => [...line.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]!));
    expect(scripts).toContain('whybot');
    for (const script of scripts) expect(Object.keys(PACKAGE.scripts), script).toContain(script);
    expect(lines.filter((line) => /\bnpx whybot\b/.test(line))).toEqual([]);
  });

  it('run the CLI from the sources', () => {
    expect(PACKAGE.scripts.whybot).toBe('tsx src/cli/bin.ts');
  });
});
