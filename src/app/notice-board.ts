// Short human lines for a person at the terminal prompt: state changes ("offline: cannot reach ...", "back
// online"), warnings and errors, printed above the prompt instead of JSON log lines over it. Until the terminal
// adapter attaches, lines go to a fallback (stderr).

/** Where a notice line is written. */
export type NoticeSink = (line: string) => void;

/** Routes notice lines to the terminal once it is up. */
export class NoticeBoard {
  private sink: NoticeSink | undefined;

  /** @param fallback where lines go while no terminal is attached */
  constructor(private readonly fallback: NoticeSink = (line) => process.stderr.write(`${line}\n`)) {}

  /** Print one line. */
  write(line: string): void {
    (this.sink ?? this.fallback)(line);
  }

  /** Send lines to `sink` from now on (the terminal prompt); returns a function that detaches it. */
  attach(sink: NoticeSink): () => void {
    this.sink = sink;
    return () => {
      if (this.sink === sink) this.sink = undefined;
    };
  }
}

const WARN = 40;

/** The first line of a logged error, without its stack. */
function errorText(err: unknown): string | undefined {
  if (err === undefined || err === null) return undefined;
  const message =
    typeof err === 'object' && 'message' in err ? String((err as { message: unknown }).message) : String(err);
  return message.split('\n')[0]?.trim();
}

/**
 * The human line for one JSON log line, or undefined when a person need not see it: warnings, errors and lines
 * marked `notice: true` become `whybot: <message>` (with the error's first line, never a stack).
 */
export function humanLine(json: string): string | undefined {
  let entry: { level?: number; msg?: string; notice?: boolean; err?: unknown };
  try {
    entry = JSON.parse(json) as typeof entry;
  } catch {
    return undefined;
  }
  if ((entry.level ?? 0) < WARN && entry.notice !== true) return undefined;
  const detail = entry.notice === true ? undefined : errorText(entry.err);
  return `whybot: ${entry.msg ?? 'log line without a message'}${detail === undefined ? '' : `: ${detail}`}`;
}

/** A pino destination that writes the human form of each line to the board (JSON lines it skips stay in the log file). */
export function noticeStream(board: NoticeBoard): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      for (const json of chunk.split('\n')) {
        if (json === '') continue;
        const line = humanLine(json);
        if (line !== undefined) board.write(line);
      }
    },
  };
}
