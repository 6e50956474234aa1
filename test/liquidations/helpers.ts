// Test helpers for the liquidation tests: temp database paths, fast collector settings, and expected totals
// computed straight from what the simulator delivered.
import { join } from 'node:path';
import type { CollectorTuning } from '../../src/gather/liquidations/collectors.ts';
import type { SentLiquidation } from '../../src/simulator/liquidations/frames.ts';
import { MINUTE_MS } from '../../src/store/liquidations/types.ts';
import { tempDir } from '../helpers/testkit.ts';

/** A fresh directory for a test database; `cleanup` removes it. */
export function tempDb(): { path: string; cleanup: () => void } {
  const dir = tempDir('whybot-liq-');
  return { path: join(dir.path, 'nested', 'whybot.sqlite'), cleanup: dir.cleanup };
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
