// The one test-helpers module: waiting for a condition, temporary directories that clean up after themselves,
// a real pino logger that keeps its lines in memory, and a test bot in the spirit of Errbot's testbot: real
// commands behind the real dispatcher, `await bot.say('/why eth')` returns the reply and `bot.sent` keeps them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { commands as productionCommands } from '../../commands/index.ts';
import type { WhyServices } from '../../commands/services.ts';
import type { CommandDefinition } from '../../commands/types.ts';
import { Dispatcher, type InvocationContext } from '../../src/adapters/dispatcher.ts';
import { createRegistry } from '../../src/adapters/registry.ts';
import { parseTerminalLine } from '../../src/adapters/terminal/terminal-adapter.ts';
import { renderTerminalReply } from '../../src/adapters/terminal/render-terminal.ts';
import type { Reply } from '../../src/core/reply.ts';
import { fixedServices } from '../fakes/fixed-services.ts';

/** Poll `check` every 10 ms until it returns true; throws naming `what` after `timeoutMs` (generous by default). */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Timeout for a test that starts a Node process (tsx compiles on start-up): generous, since a loaded 2-core
 * machine can take many seconds, and a test should fail on a wrong answer, not on a slow machine.
 */
export const PROCESS_TEST_TIMEOUT_MS = 120_000;

/** A fresh temporary directory; `cleanup` removes it and everything in it. */
export function tempDir(prefix = 'whybot-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** A real pino logger (at `level`, default debug) and the parsed JSON lines it has written. */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

/** Settings of a test bot; everything has a default. */
export interface TestBotOptions {
  /** The commands it serves (default: the production list from commands/). */
  commands?: readonly CommandDefinition[];
  /** The services commands get (default: fixedServices(), the 5 August 2024 snapshot). */
  services?: WhyServices;
  /** Where the message comes from (default: a terminal user). */
  platform?: InvocationContext['platform'];
  /** Whether the sender is a moderator (default true). */
  moderator?: boolean;
}

/** A bot to talk to in tests: real dispatcher, real commands, no platform. */
export interface TestBot {
  /** Send a line as a user types it (`/why eth full`); resolves to the reply, which is also added to `sent`. */
  say(line: string): Promise<Reply>;
  /** Every reply so far, in order. */
  readonly sent: Reply[];
  /** A reply as plain text (the terminal's rendering), for readable assertions. */
  text(reply: Reply): string;
  /** What the bot logged. */
  readonly log: Array<Record<string, unknown>>;
}

/** A test bot (see TestBot). */
export function testBot(options: TestBotOptions = {}): TestBot {
  const { logger, lines } = memoryLogger();
  const dispatcher = new Dispatcher(
    createRegistry(options.commands ?? productionCommands),
    options.services ?? fixedServices(),
    logger,
  );
  const platform = options.platform ?? 'terminal';
  const context: InvocationContext = {
    platform,
    user: { id: 'tester' },
    chat: platform === 'terminal' ? { id: 'terminal', kind: 'terminal' } : { id: 'test-chat', kind: 'group' },
    isModerator: async () => options.moderator ?? true,
  };
  const sent: Reply[] = [];
  return {
    sent,
    log: lines,
    text: (reply) => renderTerminalReply(reply),
    async say(line) {
      const parsed = parseTerminalLine(line);
      if (parsed === undefined) throw new Error(`not a command: ${line}`);
      const reply = await dispatcher.handle(parsed.name, { text: parsed.text }, context);
      sent.push(reply);
      return reply;
    },
  };
}
