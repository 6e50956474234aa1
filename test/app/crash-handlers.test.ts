// unhandledRejection and uncaughtException end the real process with exit code 1 after one fatal log line
// that went through the secret scrubber (no token, not even inside a URL).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../fakes/crash-process.ts', import.meta.url));
const TOKEN = '7350917262:AAHd9Kx0-crash-secret-token';

function crash(kind: string): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, kind], {
    env: { PATH: process.env.PATH ?? '', TELEGRAM_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, err })));
}

describe('crash handlers', () => {
  for (const [kind, what] of [
    ['rejection', 'unhandled promise rejection'],
    ['exception', 'uncaught exception'],
  ] as const) {
    it(`an ${what} is logged once, scrubbed, and ends the process with exit code 1`, async () => {
      const { code, err } = await crash(kind);
      expect(code).toBe(1);
      const lines = err.split('\n').filter((l) => l.startsWith('{'));
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]!) as { level: number; msg: string; err: { message: string } };
      expect(line.level).toBe(60);
      expect(line.msg).toContain(what);
      expect(line.err.message).toContain('boom');
      expect(err).not.toContain('AAHd9Kx0');
      expect(err).toContain('[redacted]');
    }, 30_000);
  }
});
