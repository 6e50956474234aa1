// Posts the daily digests. A loop wakes at the next scheduled time (or every poll interval, to see schedules
// other processes or commands changed), asks the planner what each schedule needs, claims the (chat, day) in
// SQLite before writing anything, then posts through the fan-out queue. Late posts say so; a day past the
// grace period is skipped with a log line.
import { articleChart, CHART_DAYS } from '../chart/reply-chart.ts';
import type { Logger } from 'pino';
import type { WhyServices } from '../../commands/services.ts';
import { digestReply } from '../schedule/digest-reply.ts';
import { articleButtons } from '../../commands/article-buttons.ts';
import { DEFAULT_DIGEST_TIMING, nextDue, planDigest, type DigestTiming } from '../schedule/digest-plan.ts';
import { localDateTime } from '../schedule/digest-time.ts';
import type { DigestStore } from '../store/schedules/digest-store.ts';
import type { DigestSchedule } from '../store/schedules/types.ts';
import type { Clock } from '../core/clock.ts';
import type { Delivery } from './fan-out.ts';

/** Settings of the digest scheduler. */
export interface DigestSchedulerOptions {
  store: DigestStore;
  services: Pick<WhyServices, 'explain' | 'chart'> & Partial<Pick<WhyServices, 'trackedCoins'>>;
  fanOut: Delivery;
  clock: Clock;
  logger: Logger;
  /** Who claims posts (process id and host); shows in the post records. */
  owner: string;
  timing?: DigestTiming;
  /** Longest sleep between two looks at the schedules, ms (default 60 s). */
  pollMs?: number;
  /**
   * Finish posts another process claimed and left unfinished (a leader that died mid-pass). Only safe when the
   * delivery is idempotent per post (the shared queue: a post already made is not made again); off by default.
   */
  resumeOthersClaims?: boolean;
}

/** One schedule's outcome in a pass (for tests and logs). */
export interface DigestPassResult {
  schedule: DigestSchedule;
  outcome: 'posted' | 'late' | 'skipped' | 'claimed-elsewhere' | 'retry' | 'failed' | 'gone';
}

/** The scheduler loop. */
export class DigestScheduler {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly timing: DigestTiming;
  private readonly log: Logger;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.timing = options.timing ?? DEFAULT_DIGEST_TIMING;
    this.log = options.logger.child({ part: 'digests' });
  }

  private napping: AbortController | undefined;
  private unlisten: (() => void) | undefined;

  /** Start the loop (a pass at once, then at each due time, and at once when a schedule changes here). */
  start(): void {
    this.unlisten ??= this.options.store.onChange(() => this.napping?.abort());
    this.loop ??= this.run().catch((err: unknown) => this.log.error({ err }, 'digest scheduler stopped with an error'));
  }

  private async run(): Promise<void> {
    const { clock } = this.options;
    const pollMs = this.options.pollMs ?? 60_000;
    while (!this.abort.signal.aborted) {
      try {
        await this.runOnce();
      } catch (err) {
        this.log.error({ err }, 'digest pass failed');
      }
      if (this.abort.signal.aborted) break;
      const now = clock.now();
      const next = nextDue(this.options.store.all(), now);
      this.napping = new AbortController();
      await clock.sleep(Math.max(0, Math.min(next ?? Infinity, now + pollMs) - now), AbortSignal.any([this.abort.signal, this.napping.signal]));
    }
  }

  /** One look at every schedule at the clock's time; posts what is due. Resolves when those posts are done. */
  async runOnce(): Promise<DigestPassResult[]> {
    const now = this.options.clock.now();
    const jobs: Array<Promise<DigestPassResult | undefined>> = [];
    for (const schedule of this.options.store.all()) {
      // a process without this platform's adapter leaves the schedule to one that has it
      if (!this.options.fanOut.canPost(schedule.platform)) continue;
      jobs.push(this.handle(schedule, now));
    }
    const results = await Promise.all(jobs);
    return results.filter((r): r is DigestPassResult => r !== undefined);
  }

  private async handle(schedule: DigestSchedule, now: number): Promise<DigestPassResult | undefined> {
    const { store, owner } = this.options;
    const decision = planDigest(schedule, now, this.timing);
    if (decision.kind === 'none') return undefined;
    const where = { platform: schedule.platform, channel: schedule.channel, day: decision.day, due: new Date(decision.dueAt).toISOString() };
    if (decision.kind === 'skip') {
      const detail = `grace period of ${Math.round(this.timing.graceMs / 60_000).toString()} min passed; first seen ${Math.round(decision.lateByMs / 60_000).toString()} min after the scheduled time`;
      if (!store.recordSkip(schedule, decision.day, decision.dueAt, owner, now, detail)) return undefined;
      this.log.warn({ ...where, lateByMin: Math.round(decision.lateByMs / 60_000), graceMin: Math.round(this.timing.graceMs / 60_000) }, 'digest skipped: whybot was not running within the grace period after the scheduled time');
      return { schedule, outcome: 'skipped' };
    }
    // the claim's holder: this process, or one that claimed the post and stopped leading before finishing it
    let claimant = owner;
    if (!store.claim(schedule, decision.day, decision.dueAt, owner, now, decision.late)) {
      // already posted, skipped or in flight here or in another process: never twice
      const record = store.post(schedule, decision.day);
      if (record?.status !== 'claimed' || record.owner === owner) return undefined;
      const id = `${schedule.platform}:${schedule.channel}:${decision.day}`;
      if (!this.options.resumeOthersClaims || this.resuming.has(id)) return { schedule, outcome: 'claimed-elsewhere' };
      // the shared queue posts each (chat, day) once, so finishing the other process's post cannot post twice
      this.log.info({ ...where, claimedBy: record.owner }, 'finishing a digest another process claimed and left unfinished');
      this.resuming.add(id);
      claimant = record.owner;
      try {
        return await this.deliver(schedule, decision, claimant, now, where);
      } finally {
        this.resuming.delete(id);
      }
    }
    return this.deliver(schedule, decision, claimant, now, where);
  }

  private readonly resuming = new Set<string>();

  private async deliver(schedule: DigestSchedule, decision: Extract<ReturnType<typeof planDigest>, { kind: 'post' }>, owner: string, now: number, where: Record<string, string>): Promise<DigestPassResult> {
    const { store } = this.options;
    let reply;
    try {
      const explanation = await this.options.services.explain({ form: 'full' });
      const files = await articleChart(this.options.services, explanation, CHART_DAYS.digest);
      const buttons = articleButtons(undefined, 'full', this.options.services.trackedCoins?.() ?? [], explanation.snapshot.builtAt);
      reply = { ...digestReply(explanation.document, schedule, { dueAt: decision.dueAt, postedAt: now, late: decision.late }), ...(files.length ? { files } : {}), buttons };
    } catch (err) {
      // nothing was sent: the claim is released for another try within the grace period
      store.finish(schedule, decision.day, owner, 'retry', this.options.clock.now(), (err as Error).message?.slice(0, 300));
      this.log.warn({ ...where, err }, 'digest could not be written; will try again');
      return { schedule, outcome: 'retry' };
    }
    const outcome = await this.options.fanOut.send(schedule, reply, `digest ${decision.day}`, `digest:${schedule.platform}:${schedule.channel}:${decision.day}`);
    const finishedAt = this.options.clock.now();
    if (outcome.status === 'sent') {
      store.finish(schedule, decision.day, owner, 'sent', finishedAt, decision.late ? `late by ${Math.round(decision.lateByMs / 60_000).toString()} min` : undefined);
      if (decision.late) this.log.info({ ...where, lateByMin: Math.round(decision.lateByMs / 60_000), dueLocal: localDateTime(decision.dueAt, schedule.timeZone) }, 'digest posted late');
      return { schedule, outcome: decision.late ? 'late' : 'posted' };
    }
    if (outcome.status === 'gone') {
      store.finish(schedule, decision.day, owner, 'gone', finishedAt, outcome.reason);
      return { schedule, outcome: 'gone' };
    }
    // a failed send may have reached the chat in part; the day is not tried again, so it never posts twice
    store.finish(schedule, decision.day, owner, 'failed', finishedAt, outcome.status === 'failed' ? String((outcome.error as Error)?.message ?? outcome.error).slice(0, 300) : outcome.status);
    return { schedule, outcome: 'failed' };
  }

  /** Stop the loop (a pass in progress finishes first). */
  async stop(): Promise<void> {
    this.unlisten?.();
    this.abort.abort();
    await this.loop;
  }
}
