// The terminal adapter: a readline prompt where `/why eth`, `/help` and the other commands work, one at a time.
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import type { RunningAdapter } from '../adapter.ts';
import type { Dispatcher, InvocationContext } from '../dispatcher.ts';
import type { Poster } from '../post.ts';
import { renderTerminalReply } from './render-terminal.ts';
import { FileSaver } from './save-files.ts';

/** Streams and settings of the terminal adapter. */
export interface TerminalOptions {
  dispatcher: Dispatcher;
  logger: Logger;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Prompt text, default `whybot> `. */
  prompt?: string;
  /** Show the prompt; default: only when the input is a TTY. */
  interactive?: boolean;
  /** Where reply images (charts) are saved; default a new directory under the system temp dir, removed at close. */
  fileDir?: string;
  /** Short status lines to show above the prompt while it runs (offline/back online, warnings). */
  notices?: { attach(sink: (line: string) => void): () => void };
}

const CONTEXT: InvocationContext = {
  platform: 'terminal',
  user: { id: 'terminal', name: 'operator' },
  chat: { id: 'terminal', kind: 'terminal' },
  // The person at the console runs the bot, so they may use moderator commands.
  isModerator: async () => true,
};

/** Split `/why eth full` into the command name and the rest; the leading slash is optional. */
export function parseTerminalLine(line: string): { name: string; text: string } | undefined {
  const match = /^\/?(\S+)\s*([\s\S]*)$/.exec(line.trim());
  if (match === null) return undefined;
  return { name: (match[1] ?? '').replace(/@.*$/, ''), text: match[2] ?? '' };
}

/** Start the prompt. Lines are answered in order; `exit`, `quit` or end of input stops it. */
export function startTerminalAdapter(options: TerminalOptions): RunningAdapter {
  const prompt = options.prompt ?? 'whybot> ';
  // Prompt and line editing only for a person at a terminal, not when commands are piped in.
  const interactive = options.interactive ?? (options.input as { isTTY?: boolean }).isTTY === true;
  const terminal = interactive && (options.output as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: options.input, output: options.output, prompt, terminal });
  const showPrompt = () => {
    if (interactive && !closed) rl.prompt();
  };
  const write = (text: string) => options.output.write(`${text}\n`);
  const saver = new FileSaver(options.fileDir);
  let queue = Promise.resolve();
  let closed = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

  const answer = async (line: string) => {
    const parsed = parseTerminalLine(line);
    if (parsed === undefined) return;
    try {
      const reply = await options.dispatcher.handle(parsed.name, { text: parsed.text }, CONTEXT);
      write(renderTerminalReply(reply, await saver.save(reply.files ?? [])));
    } catch (err) {
      options.logger.error({ err, line: line.slice(0, 200) }, 'terminal command failed');
      write('Sorry, something went wrong. Please try again.');
    }
  };

  let exiting = false;
  const isExit = (line: string) => /^\/?(exit|quit)$/i.test(line.trim());
  rl.on('line', (line) => {
    if (exiting) return; // lines typed after exit are not run
    exiting = isExit(line);
    queue = queue.then(async () => {
      if (exiting && isExit(line)) rl.close();
      else await answer(line);
      showPrompt();
    });
  });
  rl.on('close', () => {
    closed = true;
    detachNotices?.();
    // the charts saved in a temp folder go with the session
    void queue.then(() => saver.cleanup()).then(resolveFinished);
  });
  write('whybot: type /why, /help or another command; exit to quit.');
  showPrompt();
  // a status line arriving while the person types goes above the prompt, which is then drawn again
  const detachNotices = options.notices?.attach((line) => {
    if (closed) return;
    if (terminal) {
      options.output.write(`\r\x1b[2K${line}\n`);
      rl.prompt(true);
    } else write(line);
  });

  // Posts by itself (a digest, an alert) print between answers, in the same order as everything else.
  const poster: Poster = {
    platform: 'terminal',
    post(_target, reply) {
      const job = queue.then(() => {
        if (!closed) write(renderTerminalReply(reply));
      });
      queue = job;
      return job;
    },
  };

  return {
    name: 'terminal',
    finished,
    poster,
    connected: () => !closed,
    async stop() {
      if (!closed) rl.close();
      await finished;
    },
  };
}
