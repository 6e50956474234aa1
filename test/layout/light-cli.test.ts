// `whybot help` and bad usage stay light: loading the CLI entry loads no market, chart or chat library (those are
// imported by the commands that need them, when they run). Checked on the import graph, so it is fast and exact.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packagesLoadedBy, readSources, runtimeImports } from './import-rules.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HEAVY = ['ccxt', 'echarts', 'discord.js', 'telegraf', '@resvg/resvg-js', 'better-sqlite3', 'liquidjs', 'ws'];
const heavyIn = (packages: Map<string, string>) =>
  [...packages].filter(([p]) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)));

describe('a light CLI', () => {
  it('GIVEN the CLI entry and the bin THEN what they load at start-up holds no market, chart, chat or database library', () => {
    const files = readSources(ROOT, ['src', 'commands']);
    for (const entry of ['src/cli/bin.ts', 'src/main.ts']) {
      const loaded = packagesLoadedBy(entry, files);
      expect(loaded.size).toBeGreaterThan(0);
      expect(heavyIn(loaded), entry).toEqual([]);
    }
  });

  it('GIVEN a static import of ccxt somewhere below the entry THEN the check names it, while import() and import type do not count', () => {
    const files = [
      {
        path: 'src/cli/whybot.ts',
        text: "import { a } from './a.ts';\nconst { b } = await import('../app/b.ts');\nimport type { Exchange } from 'ccxt';",
      },
      { path: 'src/cli/a.ts', text: "import { c } from '../gather/c.ts';\nimport { type T } from 'telegraf';" },
      { path: 'src/gather/c.ts', text: "import ccxt from 'ccxt';" },
      { path: 'src/app/b.ts', text: "import { Client } from 'discord.js';" },
    ];
    expect(heavyIn(packagesLoadedBy('src/cli/whybot.ts', files))).toEqual([['ccxt', 'src/gather/c.ts']]);
  });

  it('GIVEN each import form THEN runtime imports are told from type-only ones', () => {
    const text = [
      "import ccxt, { type Exchange } from 'ccxt';",
      "import type { Logger } from 'pino';",
      "import { type A, type B } from 'typeonly';",
      "import 'side-effect';",
      "export { x } from './x.ts';",
      "export type { Y } from './y.ts';",
      "export * from './z.ts';",
      "import {\n  a,\n  b,\n} from './multi.ts';",
      "export const NAME = 'ccxt';",
    ].join('\n');
    expect(runtimeImports(text)).toEqual(['ccxt', 'side-effect', './x.ts', './z.ts', './multi.ts']);
  });
});
