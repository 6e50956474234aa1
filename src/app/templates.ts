// Loads the article templates from disk once at start-up (the only place that reads them), so narrate stays pure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPLATE_NAMES } from '../narrate/context.ts';
import { MESSAGES_KEY } from '../narrate/words.ts';

/** The nearest folder above `file` holding package.json: the package root, from the sources or from dist/. */
function packageRoot(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The package's templates/ directory, one folder per language (the same whether whybot runs from src/ or dist/). */
export const TEMPLATES_ROOT = join(packageRoot(fileURLToPath(import.meta.url)), 'templates');

/** The English templates: the default for tests and tools that write one language. */
export const DEFAULT_TEMPLATES_DIR = join(TEMPLATES_ROOT, 'en');

/** A template file is missing or unreadable; the message names it. */
export class TemplateLoadError extends Error {
  override readonly name = 'TemplateLoadError';
}

/**
 * Read every `*.liquid` file of a language folder `dir` into a name -> source map (name without extension), and its
 * messages.yaml under MESSAGES_KEY, synchronously.
 * Throws TemplateLoadError naming the first required template that is missing.
 */
export function loadTemplates(dir: string = DEFAULT_TEMPLATES_DIR): Record<string, string> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.liquid'));
  } catch (err) {
    throw new TemplateLoadError(`Cannot read the templates directory ${dir}: ${(err as Error).message}`);
  }
  const templates: Record<string, string> = {};
  for (const file of files) templates[file.slice(0, -'.liquid'.length)] = readFileSync(join(dir, file), 'utf8');
  try {
    templates[MESSAGES_KEY] = readFileSync(join(dir, 'messages.yaml'), 'utf8');
  } catch {
    throw new TemplateLoadError(`Missing messages.yaml in ${dir}`);
  }
  const missing = TEMPLATE_NAMES.filter((n) => !(n in templates));
  if (missing.length) {
    throw new TemplateLoadError(
      `Missing template file${missing.length > 1 ? 's' : ''} in ${dir}: ${missing.map((n) => `${n}.liquid`).join(', ')}`,
    );
  }
  return templates;
}
