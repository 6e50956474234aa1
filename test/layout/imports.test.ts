// The folders import one way: every import of src/ and commands/ is allowed by the table in import-rules.ts,
// and the checker does catch an import that goes against the flow.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALLOWED_IMPORTS, folderOf, importViolations, readSources, relativeImports } from './import-rules.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('one-way folders', () => {
  it('GIVEN the repository THEN no import of src/ or commands/ goes against the allowed table', () => {
    const files = readSources(ROOT, ['src', 'commands']);
    expect(files.length).toBeGreaterThan(100);
    expect(importViolations(files)).toEqual([]);
  });

  it('GIVEN the table THEN it has no loop: no folder can reach itself through others', () => {
    const reaches = (from: string, seen = new Set<string>()): Set<string> => {
      for (const to of ALLOWED_IMPORTS[from] ?? []) if (!seen.has(to)) reaches(to, seen.add(to));
      return seen;
    };
    for (const folder of Object.keys(ALLOWED_IMPORTS)) expect([...reaches(folder)], folder).not.toContain(folder);
  });

  it('GIVEN a wrong-way import (the store importing the alert engine) THEN the checker reports it', () => {
    const files = [
      {
        path: 'src/store/schedules/alert-store.ts',
        text: "import { gate } from '../../alerts/channel-gate.ts';\nimport type { Clock } from '../../core/clock.ts';",
      },
      { path: 'src/core/reply.ts', text: "export type { WhyServices } from '../../commands/services.ts';" },
      { path: 'commands/why.ts', text: "const { createServices } = await import('../src/app/create-services.ts');" },
    ];
    expect(importViolations(files)).toEqual([
      {
        file: 'src/store/schedules/alert-store.ts',
        imports: 'src/alerts/channel-gate.ts',
        why: 'src/store may not import src/alerts',
      },
      { file: 'src/core/reply.ts', imports: 'commands/services.ts', why: 'src/core may not import commands' },
      { file: 'commands/why.ts', imports: 'src/app/create-services.ts', why: 'commands may not import src/app' },
    ]);
  });

  it('GIVEN imports within a folder, down the flow, or of packages THEN the checker reports nothing', () => {
    const files = [
      {
        path: 'src/deliver/alert-watcher.ts',
        text: "import { gate } from '../alerts/channel-gate.ts';\nimport { x } from './fan-out.ts';\nimport pino from 'pino';",
      },
      { path: 'src/main.ts', text: "import { main } from './cli/whybot.ts';" },
    ];
    expect(importViolations(files)).toEqual([]);
  });

  it('GIVEN a new folder or an import leaving src/ and commands/ THEN the checker names it', () => {
    const files = [
      { path: 'src/newthing/a.ts', text: "import { b } from '../core/errors.ts';" },
      { path: 'src/gather/a.ts', text: "import { b } from '../../test/helpers/x.ts';" },
    ];
    expect(importViolations(files).map((v) => v.why)).toEqual([
      'src/newthing is not in the table of allowed imports',
      'src/gather imports from outside src/ and commands/',
    ]);
  });

  it('GIVEN every import form THEN the specifiers are found', () => {
    const text = [
      "import a from './a.ts';",
      "import type { B } from '../b.ts';",
      "export * from './c.ts';",
      "export { d } from './d.ts';",
      "import './e.ts';",
      "const f = await import('./f.ts');",
      "import {\n  g,\n  h,\n} from './gh.ts';",
      "import ccxt from 'ccxt';",
    ].join('\n');
    expect(relativeImports(text)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './f.ts', './gh.ts']);
    expect(folderOf('src/main.ts')).toBe('src');
    expect(folderOf('test/x.ts')).toBeUndefined();
  });
});
