// Creates a folder and its missing parents one level at a time. Node's own mkdirSync(..., { recursive: true })
// loops for ever (at full CPU) on a path it can never create, such as one under /proc; this one fails at once
// with the error of the level that could not be made.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Create `folder` and its missing parents; throws the file system's error (code ENOENT, EACCES, EROFS...) at once. */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      // made meanwhile by another process: fine
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
  }
}
