// Test helper: real `whybot start --role ROLE` processes run from the sources (through tsx), their JSON log lines
// collected from stderr, and a way to wait for a condition on the real clock. Used by the multi-process e2e tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
// the sources run through tsx, loaded by absolute URL (the children may run in a temp dir)
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** One running whybot process. */
export interface RoleProcess {
  role: string;
  child: ChildProcess;
  /** Its JSON log lines so far. */
  lines: Array<Record<string, unknown>>;
  /** True once it has logged that it leads (the collector and scheduler run in it). */
  leads(): boolean;
  /** Resolves when it has exited. */
  exited(): Promise<void>;
}

/** A set of role processes, all killed by `killAll()` (the test's clean-up). */
export class RoleProcesses {
  private readonly all: RoleProcess[] = [];

  /** Start `whybot start --role role` with `env` (and PATH) as its whole environment. */
  spawn(role: string, env: Record<string, string>): RoleProcess {
    const child = spawn(process.execPath, ['--import', TSX, BIN, 'start', '--role', role], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let buffer = '';
    child.stderr!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const p of parts) if (p.startsWith('{')) lines.push(JSON.parse(p) as Record<string, unknown>);
    });
    const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const started: RoleProcess = {
      role,
      child,
      lines,
      leads: () => lines.some((l) => l.msg === 'leading'),
      exited: () => exit,
    };
    this.all.push(started);
    return started;
  }

  /** SIGKILL every process still running. */
  killAll(): void {
    for (const p of this.all) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  }
}

/** Wait until `check()` holds, looking every 50 ms for at most `timeoutMs`; resolves to whether it held. */
export async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !check()) await new Promise((r) => setTimeout(r, 50));
  return check();
}
