// What every running adapter (terminal, Discord, Telegram) looks like to the process that started it.
import type { Poster } from './post.ts';

/** A started adapter. */
export interface RunningAdapter {
  /** "terminal", "discord" or "telegram". */
  readonly name: string;
  /** Resolves when the adapter ends by itself (the terminal's input closed); chat adapters end only on stop(). */
  readonly finished: Promise<void>;
  /**
   * Stop taking commands, finish the replies in flight, then release every connection and timer.
   * Safe to call twice.
   */
  stop(): Promise<void>;
  /** Whether the adapter is connected to its platform now (for /healthz); absent means it cannot tell. */
  connected?(): boolean;
  /** Posts by itself to this platform's chats (digests, alerts); absent for an adapter that cannot. */
  readonly poster?: Poster;
}
