// Checks, before anything starts, that a file a setting names (the SQLite database, the log file) can be created
// and written, and otherwise fails at once with one line naming the setting, the file and why: a dangling link,
// a folder in the way, a folder that cannot be made (under /proc), a read-only or full disk, no permission.
import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, readlinkSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolder } from '../store/make-folder.ts';
import { StartupError } from './startup-errors.ts';

/** The file system's error code in words. */
export function fileErrorReason(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const reasons: Record<string, string> = {
    ENOENT: 'the file system does not allow it there',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    SQLITE_FULL: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    ELOOP: 'the path has a loop of links',
    ENAMETOOLONG: 'the path is too long',
  };
  return reasons[code] ?? String((error as Error)?.message ?? error).split('\n')[0]!;
}

/**
 * Make sure the file at `path`, named by `setting`, can be created and written: its folder is created when
 * missing and the file is created empty when absent. Throws a StartupError naming the setting otherwise.
 */
export function prepareWritableFile(setting: string, path: string): void {
  const fix = `set ${setting} to a file in a folder this user can write`;
  let link: string | undefined;
  try {
    if (lstatSync(path).isSymbolicLink()) link = readlinkSync(path);
  } catch {
    // nothing there yet: created below
  }
  if (link !== undefined && !existsSync(path))
    throw new StartupError(`${setting}: ${path} is a link to ${link}, which does not exist: create it, or ${fix}`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new StartupError(`${setting}: ${path} is a folder, not a file: ${fix}`);
  const folder = dirname(path);
  try {
    makeFolder(folder);
  } catch (error) {
    throw new StartupError(`${setting}: cannot create the folder ${folder} (${fileErrorReason(error)}): ${fix}`);
  }
  try {
    closeSync(openSync(path, 'a'));
    // SQLite also writes its journal beside the file
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new StartupError(`${setting}: cannot write ${path} (${fileErrorReason(error)}): ${fix}`);
  }
}
