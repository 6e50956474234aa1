// Interval arithmetic over collector sessions: how much of a window was collected, and the gaps.
// Pure functions (no database, no clock).
import type { CollectionGap, CollectorSession } from './types.ts';

/** A half-open span of epoch ms. */
export interface Span {
  from: number;
  to: number;
}

/** Merge overlapping or touching spans after clipping them to [from, to]; sorted by start. */
export function mergeSpans(spans: readonly Span[], from: number, to: number): Span[] {
  const clipped = spans
    .map((s) => ({ from: Math.max(s.from, from), to: Math.min(s.to, to) }))
    .filter((s) => s.to > s.from)
    .sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of clipped) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/** Share (0..1) of [from, to] covered by at least one session. */
export function collectedShare(sessions: readonly CollectorSession[], from: number, to: number): number {
  if (to <= from) return 0;
  const covered = mergeSpans(
    sessions.map((s) => ({ from: s.start, to: s.end })),
    from,
    to,
  ).reduce((sum, s) => sum + (s.to - s.from), 0);
  return Math.min(1, covered / (to - from));
}

/** The spans of [from, to] during which `exchange` had no session. */
export function gapsFor(
  sessions: readonly CollectorSession[],
  exchange: string,
  from: number,
  to: number,
): CollectionGap[] {
  const covered = mergeSpans(
    sessions.filter((s) => s.exchange === exchange).map((s) => ({ from: s.start, to: s.end })),
    from,
    to,
  );
  const gaps: CollectionGap[] = [];
  let cursor = from;
  for (const s of covered) {
    if (s.from > cursor) gaps.push({ exchange, from: cursor, to: s.from });
    cursor = Math.max(cursor, s.to);
  }
  if (cursor < to) gaps.push({ exchange, from: cursor, to });
  return gaps;
}
