// The clock the scheduler and the watcher run on: the time, and waiting. Tests pass a manual clock they move
// by hand (test/fakes/manual-clock.ts), so nothing depends on how fast the machine is.

/** Time and waiting. */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Resolve after `ms` (at once for 0 or less); resolve early, without error, when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest single timer Node allows (about 24.8 days); a longer sleep ends then (callers re-check the time). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The system clock: Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, MAX_TIMER_MS));
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};
