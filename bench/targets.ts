// The benchmark targets from the issues, checked against the measured figures (by result key).
import type { SectionResults } from './section.ts';

/** One target and whether the run met it. */
export interface TargetCheck {
  key: string;
  target: string;
  value: number | null;
  pass: boolean;
}

const TARGETS: Array<{ key: string; target: string; test: (v: number) => boolean }> = [
  { key: 'warm.snapshot_builds_total', target: '= 1', test: (v) => v === 1 },
  { key: 'warm.failures', target: '= 0', test: (v) => v === 0 },
  { key: 'cold_burst.snapshot_builds', target: '= 1', test: (v) => v === 1 },
  { key: 'cold.round_trips', target: '<= 3', test: (v) => v <= 3 },
  { key: 'cold.cpu_ms', target: '<= 800', test: (v) => v <= 800 },
  { key: 'alert.loaded_1000_why.all.p95_ms', target: '< 2000', test: (v) => v < 2000 },
  { key: 'liq.ingest_events_per_s', target: '>= 50000', test: (v) => v >= 50_000 },
  { key: 'liq.aggregate_30d_window_median_ms', target: '<= 2', test: (v) => v <= 2 },
  // 10x the series of the 2 ms target above, 10x the time: the aggregate stays linear in series and under a /why's budget
  { key: 'market.aggregate_30d_median_ms', target: '<= 20', test: (v) => v <= 20 },
  // the long-term rollups (and 35 days of detailed samples) of a year stay under 1 MB
  { key: 'market.rollup_db_kb_per_year', target: '<= 1024', test: (v) => v <= 1024 },
  { key: 'fanout.failed', target: '= 0', test: (v) => v === 0 },
  { key: 'scale.snapshot_builds', target: '= 1', test: (v) => v === 1 },
  { key: 'scale.chart_renders', target: '= 1', test: (v) => v === 1 },
  { key: 'scale_fanout.vs_floor', target: '<= 1.1', test: (v) => v <= 1.1 },
  { key: 'scale_fanout.duplicates', target: '= 0', test: (v) => v === 0 },
  { key: 'scale_fanout.http_429', target: '= 0', test: (v) => v === 0 },
];

/** Check every target whose figure was measured. */
export function checkTargets(results: SectionResults): TargetCheck[] {
  return TARGETS.flatMap(({ key, target, test }) => {
    const value = results[key];
    if (typeof value !== 'number') return [];
    return [{ key, target, value, pass: test(value) }];
  });
}
