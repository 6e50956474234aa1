// Test helper: a clock that moves only when the test says so. Sleepers wake in time order; after waking one,
// advanceTo waits until that loop has gone back to sleep (or `settle` resolves), so each wake-up's work is done.
import type { Clock } from '../../src/core/clock.ts';

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

/** A manual clock. */
export class ManualClock implements Clock {
  private current: number;
  private readonly sleepers = new Set<Sleeper>();
  private registered: Array<() => void> = [];

  constructor(start: number | string) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const sleeper: Sleeper = {
        wakeAt: this.current + Math.max(0, ms),
        resolve: () => {
          this.sleepers.delete(sleeper);
          resolve();
        },
      };
      if (signal?.aborted) return resolve();
      signal?.addEventListener('abort', () => sleeper.resolve(), { once: true });
      this.sleepers.add(sleeper);
      const waiting = this.registered;
      this.registered = [];
      for (const w of waiting) w();
    });
  }

  /** How many sleeps are pending. */
  get pending(): number {
    return this.sleepers.size;
  }

  /** Resolve when at least one loop is asleep on this clock. */
  async whenSleeping(): Promise<void> {
    if (this.sleepers.size === 0) await this.nextSleep();
  }

  /** Resolve when some loop calls sleep() next. */
  nextSleep(): Promise<void> {
    return new Promise((resolve) => this.registered.push(resolve));
  }

  /**
   * Move to `target` (epoch ms or ISO text), waking each sleeper due on the way in time order; after each wake
   * wait until a loop sleeps again. Sleepers of loops that end (stopped) must not be woken by this.
   */
  async advanceTo(target: number | string): Promise<void> {
    const to = typeof target === 'string' ? Date.parse(target) : target;
    for (;;) {
      const due = [...this.sleepers].filter((s) => s.wakeAt <= to).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (due === undefined) break;
      this.current = Math.max(this.current, due.wakeAt);
      const slept = this.nextSleep();
      due.resolve();
      await slept;
    }
    this.current = Math.max(this.current, to);
  }

  /**
   * Move forward by `ms` and wake every sleeper due, without waiting for anything (for loops that, once woken,
   * block on something other than this clock, such as a websocket).
   */
  tick(ms: number): void {
    this.current += ms;
    for (const s of [...this.sleepers].filter((x) => x.wakeAt <= this.current)) s.resolve();
  }

  /** Move forward by `ms`. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.current + ms);
  }
}
