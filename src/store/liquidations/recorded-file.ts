// Between a liquidation store and the liquidation file: what a store recorded over a span (its sessions
// clipped to the span, its liquidations one by one), and a store built from a file for a replay (an in-memory
// SQLite store, so a replayed day is summed by exactly the code that sums a live one).
import type { LiquidationFile } from './liquidation-file.ts';
import { SqliteLiquidationRepo, type LiquidationRepo } from './repo.ts';
import { LiquidationStore } from './store.ts';

/** What `repo` recorded with from <= time < to, judged at `now` (a session still open ends at `now`). */
export async function recordedFile(
  repo: LiquidationRepo,
  from: number,
  to: number,
  now: number,
): Promise<LiquidationFile> {
  const sessions = (await repo.sessions.overlapping(from, to, now))
    .map((s) => ({ exchange: s.exchange, start: Math.max(from, s.start), end: Math.min(to, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || a.exchange.localeCompare(b.exchange));
  return { from, to, sessions, events: await repo.recorded(from, to) };
}

/** An in-memory store holding exactly a file's sessions and liquidations. Close it when done. */
export function storeFromFile(file: LiquidationFile): SqliteLiquidationRepo {
  const store = LiquidationStore.open(':memory:');
  for (const s of file.sessions) store.sessions.close(store.sessions.open(s.exchange, s.start), s.end, 'recorded');
  store.write(file.events);
  return new SqliteLiquidationRepo(store);
}
