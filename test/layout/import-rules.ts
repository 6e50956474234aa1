// The allowed folder-to-folder imports of src/ and commands/, and a checker that lists every import going
// against them. The data flows one way (see README, "How it is built"): src/core holds the shared vocabulary
// and imports nothing; each folder may import only the folders listed for it. A new folder must be added here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Each folder and the folders it may import (besides itself). */
export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'src/core': [],
  'src/alerts': ['src/core'],
  'src/store': ['src/core'],
  'src/observability': ['src/core'],
  // Redis connections, locks and leader election shared by every process (REDIS_URL)
  'src/cluster': ['src/core'],
  'src/config': ['src/core', 'src/alerts'],
  'src/gather': ['src/core', 'src/config', 'src/observability', 'src/store', 'src/cluster'],
  'src/simulator': ['src/core', 'src/gather'],
  'src/analyse': ['src/core', 'src/gather'],
  'src/narrate': ['src/core', 'src/gather', 'src/analyse', 'src/alerts'],
  'src/chart': ['src/core', 'src/gather', 'src/analyse', 'src/narrate', 'src/cluster'],
  'src/schedule': ['src/core', 'src/narrate'],
  commands: [
    'src/core',
    'src/config',
    'src/store',
    'src/gather',
    'src/analyse',
    'src/narrate',
    'src/chart',
    'src/alerts',
    'src/schedule',
  ],
  // each platform module (src/adapters/<platform>/platform.ts) declares its own settings with config's kinds
  'src/adapters': ['src/core', 'src/config', 'src/observability', 'src/narrate', 'commands'],
  'src/deliver': [
    'src/core',
    'src/cluster',
    'src/config',
    'src/observability',
    'src/store',
    'src/gather',
    'src/alerts',
    'src/narrate',
    'src/chart',
    'src/schedule',
    'commands',
    'src/adapters',
  ],
  'src/app': [
    'src/core',
    'src/config',
    'src/observability',
    'src/store',
    'src/gather',
    'src/simulator',
    'src/analyse',
    'src/narrate',
    'src/chart',
    'src/alerts',
    'src/schedule',
    'commands',
    'src/adapters',
    'src/deliver',
    'src/cluster',
  ],
  'src/cli': [
    'src/core',
    'src/config',
    'src/observability',
    'src/store',
    'src/gather',
    'src/simulator',
    'src/analyse',
    'src/narrate',
    'src/chart',
    'src/alerts',
    'src/schedule',
    'commands',
    'src/adapters',
    'src/deliver',
    'src/app',
    'src/cluster',
  ],
  // src/main.ts
  src: ['src/cli'],
};

/** One source file: its path from the repository root (e.g. `src/store/database.ts`) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** One import against the rules. */
export interface ImportViolation {
  file: string;
  imports: string;
  why: string;
}

/** The folder a repository path belongs to, as ALLOWED_IMPORTS names it (undefined outside src/ and commands/). */
export function folderOf(path: string): string | undefined {
  const parts = normalize(path).split(/[\\/]/);
  if (parts[0] === 'commands') return 'commands';
  if (parts[0] !== 'src') return undefined;
  return parts.length > 2 ? `src/${parts[1]!}` : 'src';
}

// static imports and re-exports (`import ... from './x.ts'`, `export * from`), side-effect imports, dynamic import()
const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;

/** The relative module specifiers a file imports (static, re-export, side-effect and dynamic imports). */
export function relativeImports(text: string): string[] {
  return [...text.matchAll(SPECIFIERS)].map((m) => m[2]!);
}

/** Every import among `files` that goes against `rules`. */
export function importViolations(
  files: readonly SourceFile[],
  rules: Readonly<Record<string, readonly string[]>> = ALLOWED_IMPORTS,
): ImportViolation[] {
  const out: ImportViolation[] = [];
  for (const file of files) {
    const from = folderOf(file.path);
    if (from === undefined) continue;
    const allowed = rules[from];
    for (const spec of relativeImports(file.text)) {
      const target = normalize(join(dirname(file.path), spec));
      const to = folderOf(target);
      if (allowed === undefined) {
        out.push({ file: file.path, imports: target, why: `${from} is not in the table of allowed imports` });
      } else if (to === undefined) {
        out.push({ file: file.path, imports: target, why: `${from} imports from outside src/ and commands/` });
      } else if (to !== from && !allowed.includes(to)) {
        out.push({ file: file.path, imports: target, why: `${from} may not import ${to}` });
      }
    }
  }
  return out;
}

/** The .ts files under the given folders of `root`, read. */
export function readSources(root: string, folders: readonly string[]): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(entry.name)) out.push({ path, text: readFileSync(join(root, path), 'utf8') });
    }
  };
  for (const folder of folders) walk(folder);
  return out;
}

// `import x from 'm'`, `import { a, type b } from 'm'`, `import 'm'`, `export { a } from 'm'`, `export * from 'm'`
const STATEMENTS = /^\s*(import|export)\s+(type\s+)?(?:([^'";]*?)\s*from\s*)?(['"])([^'"]+)\4/gm;

/** The modules a file loads when it is loaded: static imports and re-exports, not `import type` nor `import()`. */
export function runtimeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(STATEMENTS)) {
    if (m[2] !== undefined) continue; // import type / export type
    const clause = m[3] ?? '';
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    if (
      named &&
      named[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith('type '))
    )
      continue;
    out.push(m[5]!);
  }
  return out;
}

/**
 * The packages loaded, statically, by loading `entry` (a repository path): follows relative runtime imports
 * through `files` and collects the bare specifiers (`ccxt`, `node:fs`) reached, each with the file importing it.
 */
export function packagesLoadedBy(entry: string, files: readonly SourceFile[]): Map<string, string> {
  const byPath = new Map(files.map((f) => [normalize(f.path), f]));
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const file = byPath.get(path);
    if (file === undefined) return;
    for (const spec of runtimeImports(file.text)) {
      if (spec.startsWith('.')) visit(normalize(join(dirname(path), spec)));
      else if (!packages.has(spec)) packages.set(spec, path);
    }
  };
  visit(normalize(entry));
  return packages;
}

/**
 * The files outside src/adapters/ that may name a chat platform in code (comments aside), with why. Everything
 * else reads the platform table (src/adapters/platforms.ts). A new platform touches, outside its own folder,
 * at most four files: src/adapters/platforms.ts (its line in the table), src/core/reply.ts (its name in
 * Platform), .env.example and README.md (its settings). The others listed here name platforms for reasons a new
 * platform does not share.
 */
export const PLATFORM_NAMES_ALLOWED: Readonly<Record<string, string>> = {
  'src/core/reply.ts': 'the Platform names (a new platform adds its own)',
  'src/observability/scrub-secrets.ts': 'the shapes of Discord and Telegram tokens, scrubbed from any log line',
};

/** What counts as naming a platform: the word Discord or Telegram in any case (in an identifier or a string). */
const PLATFORM_WORD = /discord|telegram/i;

/** A file's code without its comments (line and block comments outside strings and regular expressions). */
export function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  let quote: string | undefined;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (quote !== undefined) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = undefined;
      i += 1;
    } else if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      if (c === "'" || c === '"' || c === '`') quote = c;
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The source files outside src/adapters/ whose code names a chat platform. */
export function filesNamingPlatforms(files: readonly SourceFile[]): string[] {
  return files
    .filter(
      (f) => !normalize(f.path).startsWith(join('src', 'adapters')) && PLATFORM_WORD.test(withoutComments(f.text)),
    )
    .map((f) => f.path)
    .sort();
}
