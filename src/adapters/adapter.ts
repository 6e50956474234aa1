// What every running adapter (terminal, Discord, Telegram) looks like to the process that started it.

/** A started adapter. */
export interface RunningAdapter {
  /** "terminal", "discord" or "telegram". */
  readonly name: string;
  /** Resolves when the adapter ends by itself (the terminal's input closed); chat adapters end only on stop(). */
  readonly finished: Promise<void>;
  /** Stop serving and release every connection and timer. Safe to call twice. */
  stop(): Promise<void>;
}
