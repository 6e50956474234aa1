// Posts the daily digests. A loop wakes at the next scheduled time (or every poll interval, to see schedules
// other processes or commands changed), asks the planner what each schedule needs, claims the (chat, day) in
// SQLite before writing anything, then posts through the fan-out queue. Late posts say so; a day past the
// grace period is skipped with a log line. The claim's lease is renewed while the digest is prepared and sent;
// a claim whose process died before sending is taken again within the grace period, and after it the chat is
// told that day's digest was missed. Old post records are pruned. stop() takes no new claims and hands back what
// was claimed but not sent (status `retry`: the next start or another process posts it, once); a day handed back
// and not posted within the grace period is reported to the chat as missed.
import { articleChart, CHART_DAYS } from '../chart/reply-chart.ts';
import type { Logger } from 'pino';
import { chatLanguage } from './chat-language.ts';
import type { WhyServices } from '../../commands/services.ts';
import { digestReply } from '../schedule/digest-reply.ts';
import { calendarDigestLine } from '../narrate/calendar-digest.ts';
import { articleButtons } from '../../commands/article-buttons.ts';
import { DEFAULT_DIGEST_TIMING, nextDue, planDigest, type DigestTiming } from '../schedule/digest-plan.ts';
import { localDateTime } from '../schedule/digest-time.ts';
import { DIGEST_CLAIM_LEASE_MS, type DigestStore } from '../store/schedules/digest-store.ts';
import { claimAbandoned, type DigestSchedule } from '../store/schedules/types.ts';
import type { Clock } from '../core/clock.ts';
import type { Delivery } from './fan-out.ts';

/** Settings of the digest scheduler. */
export interface DigestSchedulerOptions {
  store: DigestStore;
  services: Pick<WhyServices, 'explain' | 'chart' | 'languages'> &
    Partial<Pick<WhyServices, 'trackedCoins' | 'chatSettings'>>;
  fanOut: Delivery;
  clock: Clock;
  logger: Logger;
  /** Who claims posts (process id and host); shows in the post records. */
  owner: string;
  timing?: DigestTiming;
  /** Longest sleep between two looks at the schedules, ms (default 60 s). */
  pollMs?: number;
  /** How long a claim holds without renewal, ms (default DIGEST_CLAIM_LEASE_MS); renewed every third of it. */
  claimLeaseMs?: number;
  /** Post records are kept this many days (default 35). */
  keepDays?: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

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
  private prunedAt = Number.NEGATIVE_INFINITY;
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
      let waitingOnClaim = false;
      try {
        waitingOnClaim = (await this.runOnce()).some((r) => r.outcome === 'claimed-elsewhere');
      } catch (err) {
        this.log.error({ err }, 'digest pass failed');
      }
      if (this.abort.signal.aborted) break;
      const now = clock.now();
      // a day another process holds is looked at again when its claim would have run out (it may have died)
      const next = Math.min(
        nextDue(await this.options.store.all(), now) ?? Infinity,
        waitingOnClaim ? now + (this.options.claimLeaseMs ?? DIGEST_CLAIM_LEASE_MS) : Infinity,
      );
      this.napping = new AbortController();
      await clock.sleep(
        Math.max(0, Math.min(next, now + pollMs) - now),
        AbortSignal.any([this.abort.signal, this.napping.signal]),
      );
    }
  }

  /** One look at every schedule at the clock's time; posts what is due. Resolves when those posts are done. */
  async runOnce(): Promise<DigestPassResult[]> {
    const now = this.options.clock.now();
    if (now - this.prunedAt >= HOUR_MS) {
      this.prunedAt = now;
      const removed = await this.options.store.prune(now - (this.options.keepDays ?? 35) * DAY_MS, now);
      if (removed > 0) this.log.info({ removed }, 'old digest post records pruned');
    }
    const jobs: Array<Promise<DigestPassResult | undefined>> = [];
    for (const schedule of await this.options.store.all()) {
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
    // stopping: no new claim (what is not claimed is left for the next start or another process)
    if (decision.kind === 'none' || this.abort.signal.aborted) return undefined;
    const where = {
      platform: schedule.platform,
      channel: schedule.channel,
      day: decision.day,
      due: new Date(decision.dueAt).toISOString(),
    };
    const claimLeaseMs = this.options.claimLeaseMs ?? DIGEST_CLAIM_LEASE_MS;
    const before = await store.post(schedule, decision.day);
    if (before !== undefined && claimAbandoned(before, now) && before.sendingAt !== undefined) {
      // its process died while sending: it may have reached the chat, so it is closed, never sent again
      if (await store.closeLostSend(schedule, decision.day, now)) {
        this.log.warn(
          { ...where, owner: before.owner },
          'digest claim lost while sending (its process stopped); not sent again so it cannot post twice',
        );
        return { schedule, outcome: 'failed' };
      }
      return undefined;
    }
    if (decision.kind === 'skip') {
      const detail = `grace period of ${Math.round(this.timing.graceMs / 60_000).toString()} min passed; first seen ${Math.round(decision.lateByMs / 60_000).toString()} min after the scheduled time`;
      const lostClaim = before !== undefined && claimAbandoned(before, now);
      // started on its day and handed back (a shutdown, or no data to write it from) but never posted
      const handedBack = before?.status === 'retry';
      if (
        !(await store.recordSkip(
          schedule,
          decision.day,
          decision.dueAt,
          owner,
          now,
          lostClaim ? `${detail}; the process that claimed it stopped before posting` : detail,
        ))
      )
        return undefined;
      this.log.warn(
        {
          ...where,
          lateByMin: Math.round(decision.lateByMs / 60_000),
          graceMin: Math.round(this.timing.graceMs / 60_000),
          lostClaim,
        },
        'digest skipped: whybot was not running within the grace period after the scheduled time',
      );
      if (lostClaim || handedBack) {
        // the day was started and not posted: the chat hears that it was missed rather than nothing at all
        const ui = this.options.services.languages.pack(await chatLanguage(this.options.services, schedule)).ui;
        const values = {
          due: localDateTime(decision.dueAt, schedule.timeZone),
          zone: schedule.timeZone,
          grace: Math.round(this.timing.graceMs / 60_000),
        };
        const notice = {
          kind: 'notice' as const,
          tone: 'info' as const,
          title: ui.t('digest.notice_title'),
          lines: [ui.t(lostClaim ? 'digest.missed_stopped' : 'digest.missed_failed', values)],
        };
        await this.options.fanOut.send(
          schedule,
          notice,
          `digest ${decision.day} missed`,
          `digest-missed:${schedule.platform}:${schedule.channel}:${decision.day}`,
        );
      }
      return { schedule, outcome: 'skipped' };
    }
    if (!(await store.claim(schedule, decision.day, decision.dueAt, owner, now, decision.late, claimLeaseMs))) {
      // already posted, skipped or in flight here or in another process: never twice
      const record = await store.post(schedule, decision.day);
      return record?.status === 'claimed' && record.owner !== owner
        ? { schedule, outcome: 'claimed-elsewhere' }
        : undefined;
    }
    if (before !== undefined && claimAbandoned(before, now))
      this.log.warn(
        { ...where, previousOwner: before.owner },
        'digest claim of a stopped process taken over; posting it',
      );
    // keep the claim while this process works on it; a process that dies stops renewing and loses it
    const renew = setInterval(
      () => {
        try {
          void store
            .renewClaim(schedule, decision.day, owner, this.options.clock.now() + claimLeaseMs)
            .catch((err: unknown) => this.log.warn({ ...where, err }, 'digest claim could not be renewed'));
        } catch (err) {
          this.log.warn({ ...where, err }, 'digest claim could not be renewed');
        }
      },
      Math.max(10, Math.floor(claimLeaseMs / 3)),
    );
    try {
      return await this.prepareAndSend(schedule, decision, now);
    } finally {
      clearInterval(renew);
    }
  }

  private async prepareAndSend(
    schedule: DigestSchedule,
    decision: { dueAt: number; day: string; late: boolean; lateByMs: number },
    now: number,
  ): Promise<DigestPassResult> {
    const { store, owner } = this.options;
    const where = {
      platform: schedule.platform,
      channel: schedule.channel,
      day: decision.day,
      due: new Date(decision.dueAt).toISOString(),
    };
    let reply;
    try {
      const language = await chatLanguage(this.options.services, schedule);
      const pack = this.options.services.languages.pack(language);
      const explanation = await this.options.services.explain({ form: 'full', language });
      const files = await articleChart(this.options.services, explanation, CHART_DAYS.digest);
      const buttons = articleButtons(
        undefined,
        'full',
        this.options.services.trackedCoins?.() ?? [],
        explanation.snapshot.builtAt,
        pack.ui,
      );
      reply = {
        ...digestReply(
          explanation.document,
          schedule,
          { dueAt: decision.dueAt, postedAt: now, late: decision.late },
          pack.ui,
          calendarDigestLine(explanation.facts?.calendar, schedule.timeZone, now, pack.words, pack.ui),
        ),
        ...(files.length ? { files } : {}),
        buttons,
      };
    } catch (err) {
      // nothing was sent: the claim is released for another try within the grace period
      await store.finish(
        schedule,
        decision.day,
        owner,
        'retry',
        this.options.clock.now(),
        (err as Error).message?.slice(0, 300),
      );
      this.log.warn({ ...where, err }, 'digest could not be written; will try again');
      return { schedule, outcome: 'retry' };
    }
    if (this.abort.signal.aborted) return this.handBack(schedule, decision.day, where, 'whybot was stopping');
    if (!(await store.markSending(schedule, decision.day, owner, this.options.clock.now()))) {
      // the claim ran out while preparing (this process stalled) and another process took the day
      this.log.warn(where, 'digest claim lost before sending; the other process posts it');
      return { schedule, outcome: 'claimed-elsewhere' };
    }
    // the key keeps the (chat, day) to one post through the shared queue, also when a claim is taken over
    const outcome = await this.options.fanOut.send(
      schedule,
      reply,
      `digest ${decision.day}`,
      `digest:${schedule.platform}:${schedule.channel}:${decision.day}`,
    );
    const finishedAt = this.options.clock.now();
    if (outcome.status === 'sent') {
      await store.finish(
        schedule,
        decision.day,
        owner,
        'sent',
        finishedAt,
        decision.late ? `late by ${Math.round(decision.lateByMs / 60_000).toString()} min` : undefined,
      );
      if (decision.late)
        this.log.info(
          {
            ...where,
            lateByMin: Math.round(decision.lateByMs / 60_000),
            dueLocal: localDateTime(decision.dueAt, schedule.timeZone),
          },
          'digest posted late',
        );
      return { schedule, outcome: decision.late ? 'late' : 'posted' };
    }
    // never sent (the queue was stopping, or full): the claim goes back, so the day is posted once, later
    if (outcome.status === 'dropped')
      return this.handBack(
        schedule,
        decision.day,
        where,
        this.abort.signal.aborted ? 'whybot was stopping' : 'the post queue was full',
      );
    if (outcome.status === 'gone') {
      await store.finish(schedule, decision.day, owner, 'gone', finishedAt, outcome.reason);
      return { schedule, outcome: 'gone' };
    }
    // a failed send may have reached the chat in part; the day is not tried again, so it never posts twice
    await store.finish(
      schedule,
      decision.day,
      owner,
      'failed',
      finishedAt,
      outcome.status === 'failed'
        ? String((outcome.error as Error)?.message ?? outcome.error).slice(0, 300)
        : outcome.status,
    );
    return { schedule, outcome: 'failed' };
  }

  /** Release a claim of which nothing was sent (status `retry`), for the next pass, start or process to post. */
  private async handBack(
    schedule: DigestSchedule,
    day: string,
    where: Record<string, unknown>,
    why: string,
  ): Promise<DigestPassResult> {
    await this.options.store.finish(
      schedule,
      day,
      this.options.owner,
      'retry',
      this.options.clock.now(),
      `handed back unsent: ${why}`,
    );
    this.log.info({ ...where, why }, 'digest handed back unsent; it is posted on the next pass or start');
    return { schedule, outcome: 'retry' };
  }

  /**
   * Stop the loop: no new claims; a pass in progress finishes what is being sent and hands back the rest (stop
   * the delivery too, so posts waiting in its queue come back `dropped` rather than wait their turn).
   */
  async stop(): Promise<void> {
    this.unlisten?.();
    this.abort.abort();
    await this.loop;
  }
}
