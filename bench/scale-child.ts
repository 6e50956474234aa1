// Starting and talking to the scale-out benchmarks' child processes (bench/scale-out-process.ts): each prints
// "ready" once started, and one JSON line of figures at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('scale-out-process.ts', import.meta.url));

/** A started child: its process, and its last JSON line once it has ended. */
export interface ScaleChild {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<Record<string, number>>;
}

/** Start `scale-out-process.ts` with these arguments. */
export function startScaleChild(args: string[]): ScaleChild {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) readyResolve();
  });
  const result = new Promise<Record<string, number>>((resolve, reject) => {
    child.on('close', (code) => {
      const last = out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1);
      if (code !== 0 || last === undefined) reject(new Error(`child ${args[0] ?? ''} exited with ${String(code)}`));
      else resolve(JSON.parse(last) as Record<string, number>);
    });
  });
  return { child, ready, result };
}
