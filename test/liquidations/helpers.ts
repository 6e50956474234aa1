// Test helpers for the liquidation tests: polling for a condition, temp database paths, fast collector
// settings, and expected totals computed straight from what the simulator delivered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectorTuning } from '../../src/gather/liquidations/collectors.ts';
import type { SentLiquidation } from '../../src/simulator/liquidations/frames.ts';
import { MINUTE_MS } from '../../src/store/liquidations/types.ts';

/** Poll `check` until it returns true; throws with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fresh directory for a test database; `cleanup` removes it. */
export function tempDb(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'whybot-liq-'));
  return { path: join(dir, 'nested', 'whybot.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Collector settings that keep tests quick: short flushes, short backoffs. */
export const FAST: CollectorTuning = { flushMs: 40, backoff: { initialMs: 20, maxMs: 200 }, leaseTtlMs: 5_000 };

/** Expected sums (cents, as the store keeps them) per side of events in minutes [startMinute, endMinute]. */
export function expectedSums(sent: readonly SentLiquidation[], startMinute: number, endMinute: number) {
  let longs = 0;
  let shorts = 0;
  let count = 0;
  for (const e of sent) {
    const minute = Math.floor(e.at / MINUTE_MS);
    if (minute < startMinute || minute > endMinute) continue;
    if (e.side === 'long') longs += Math.round(e.usd * 100);
    else shorts += Math.round(e.usd * 100);
    count += 1;
  }
  return { longsCents: longs, shortsCents: shorts, count };
}
