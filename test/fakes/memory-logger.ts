// Test helper: a real pino logger that keeps its JSON lines in memory, so tests can check what was logged.
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A logger and the parsed lines it has written. */
export function memoryLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}
