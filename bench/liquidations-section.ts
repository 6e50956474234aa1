// Benchmarks (c) and (e): liquidation ingest events/s into SQLite, the 30-day aggregate time over a full month
// of per-minute buckets (20 symbols x 3 exchanges), and the peak RSS with that month loaded, from
// bench/liquidations.ts (the liquidation issue's own benchmark), run in a process of its own.
// Run alone: npx tsx bench/liquidations-section.ts
import { benchLiquidations } from './liquidations.ts';
import { isMain, reportSection, type SectionResults } from './section.ts';

/** Run benchmarks (c) and (e). */
export async function benchLiquidationsSection(): Promise<SectionResults> {
  return benchLiquidations();
}

if (isMain(import.meta.url)) await reportSection(benchLiquidationsSection);
