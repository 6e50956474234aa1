// What a daily digest schedule asks for at a given moment: nothing, a post (on time or late, within the grace
// period), or a skip (the grace period has passed). Pure: the time is an argument.
import { localDay, nextOccurrence, previousOccurrence, type DailyTime } from './digest-time.ts';

/** A schedule as the planner needs it. */
export interface PlannedSchedule extends DailyTime {
  /** Epoch ms the schedule took its current time; occurrences before it are not due. */
  since: number;
}

/** Timing settings of the planner. */
export interface DigestTiming {
  /** How long after the scheduled time a digest may still be posted (late), ms. Default 2 h. */
  graceMs: number;
  /** A post this long or more after the scheduled time says it is late, ms. Default 1 min. */
  lateAfterMs: number;
}

/** Default timing: 2 h grace, late from 1 min. */
export const DEFAULT_DIGEST_TIMING: DigestTiming = { graceMs: 2 * 3_600_000, lateAfterMs: 60_000 };

/** The planner's answer for one schedule. */
export type DigestDecision =
  | { kind: 'none' }
  | { kind: 'post'; dueAt: number; day: string; late: boolean; lateByMs: number }
  | { kind: 'skip'; dueAt: number; day: string; lateByMs: number };

/** Decide for `schedule` at `now`: the latest occurrence at or before now, unless it predates the schedule. */
export function planDigest(
  schedule: PlannedSchedule,
  now: number,
  timing: DigestTiming = DEFAULT_DIGEST_TIMING,
): DigestDecision {
  const dueAt = previousOccurrence(schedule, now);
  if (dueAt === undefined || dueAt < schedule.since) return { kind: 'none' };
  const day = localDay(dueAt, schedule.timeZone);
  const lateByMs = now - dueAt;
  if (lateByMs > timing.graceMs) return { kind: 'skip', dueAt, day, lateByMs };
  return { kind: 'post', dueAt, day, late: lateByMs >= timing.lateAfterMs, lateByMs };
}

/** The earliest next occurrence of any schedule after `now`, or undefined when there is none. */
export function nextDue(schedules: readonly DailyTime[], now: number): number | undefined {
  let next: number | undefined;
  for (const s of schedules) {
    const t = nextOccurrence(s, now);
    if (t !== undefined && (next === undefined || t < next)) next = t;
  }
  return next;
}
