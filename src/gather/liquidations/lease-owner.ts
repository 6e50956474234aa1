// Names a collector process for the single-writer lease ("host:pid:random") and tells whether the process
// behind such a name is gone: a lease held by a process on this machine that no longer exists (killed with
// SIGKILL, crashed) is taken over at once instead of after it runs out.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** A lease owner id for this process: host name, process id and a random tag (unique per start). */
export function leaseOwnerId(): string {
  return `${hostname()}:${process.pid.toString()}:${randomUUID().slice(0, 8)}`;
}

/**
 * True when `owner` names a process on this host that no longer runs. Owners on other hosts, this very
 * process, and names that do not parse are never called dead (their lease runs out by itself).
 */
export function ownerIsDead(owner: string): boolean {
  const match = /^(.*):(\d+):[^:]*$/.exec(owner);
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
