// Daily digest schedules and their post records in SQLite. A (chat, local day) is claimed with an insert that
// does nothing on conflict before anything is sent, so the day is posted at most once, across restarts and
// across processes sharing the database. A claim has a lease its process renews; a claim whose process died
// before sending (lease run out, no sending mark) may be claimed again, so the day is not lost. Every method
// takes time as an argument.
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Db } from '../database.ts';
import type { ChannelRef, DigestPostRecord, DigestSchedule, DigestSettings } from './types.ts';

interface ScheduleRow {
  platform: string;
  channel: string;
  chat_kind: string;
  time: string;
  time_zone: string;
  since: number;
  created_by: string | null;
  updated_at: number;
}

interface PostRow {
  day: string;
  due_at: number;
  status: DigestPostRecord['status'];
  owner: string;
  claimed_at: number;
  finished_at: number | null;
  late: number;
  detail: string | null;
  lease_until: number | null;
  sending_at: number | null;
}

/** How many times a digest whose preparation failed (nothing was sent) is tried again within the grace period. */
export const DIGEST_MAX_ATTEMPTS = 3;

function toSchedule(r: ScheduleRow): DigestSchedule {
  return {
    platform: r.platform as DigestSchedule['platform'],
    channel: r.channel,
    kind: r.chat_kind as DigestSchedule['kind'],
    time: r.time,
    timeZone: r.time_zone,
    since: r.since,
    ...(r.created_by === null ? {} : { createdBy: r.created_by }),
    updatedAt: r.updated_at,
  };
}

function toPost(r: PostRow): DigestPostRecord {
  return {
    day: r.day,
    dueAt: r.due_at,
    status: r.status,
    owner: r.owner,
    claimedAt: r.claimed_at,
    ...(r.finished_at === null ? {} : { finishedAt: r.finished_at }),
    late: r.late === 1,
    ...(r.detail === null ? {} : { detail: r.detail }),
    ...(r.lease_until === null ? {} : { leaseUntil: r.lease_until }),
    ...(r.sending_at === null ? {} : { sendingAt: r.sending_at }),
  };
}

/** How long a digest claim holds without renewal, ms; its process renews it every third of this. */
export const DIGEST_CLAIM_LEASE_MS = 60_000;

// a claim another process may take over: its lease ran out and it was never being sent
const ABANDONED_BEFORE_SENDING = `(digest_posts.status = 'claimed' AND digest_posts.sending_at IS NULL
  AND (digest_posts.lease_until IS NULL OR digest_posts.lease_until <= @now))`;

/** Schedules and post records over an open, migrated database. */
export class DigestStore implements DigestSettings {
  constructor(
    private readonly db: Db,
    readonly defaultTimeZone: string = 'UTC',
    private readonly clock: Pick<Clock, 'now'> = systemClock,
  ) {}

  private readonly listeners = new Set<() => void>();

  now(): number {
    return this.clock.now();
  }

  /** Call `listener` after every set() and clear() in this process; returns a function that removes it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  set(where: ChannelRef, time: string, timeZone: string, by: string, now: number = this.clock.now()): DigestSchedule {
    // `since` moves only when the time or zone changes, so re-setting the same time does not re-arm today
    this.db
      .prepare(
        `INSERT INTO digest_schedules (platform, channel, chat_kind, time, time_zone, since, created_by, updated_at)
         VALUES (@platform, @channel, @kind, @time, @timeZone, @now, @by, @now)
         ON CONFLICT (platform, channel) DO UPDATE SET
           since = CASE WHEN time = excluded.time AND time_zone = excluded.time_zone THEN since ELSE excluded.since END,
           time = excluded.time, time_zone = excluded.time_zone, chat_kind = excluded.chat_kind,
           created_by = excluded.created_by, updated_at = excluded.updated_at`,
      )
      .run({ platform: where.platform, channel: where.channel, kind: where.kind, time, timeZone, now, by });
    this.changed();
    return this.get(where)!;
  }

  clear(where: ChannelRef): boolean {
    const removed = this.db.prepare('DELETE FROM digest_schedules WHERE platform = ? AND channel = ?').run(where.platform, where.channel).changes > 0;
    if (removed) this.changed();
    return removed;
  }

  get(where: Pick<ChannelRef, 'platform' | 'channel'>): DigestSchedule | undefined {
    const row = this.db.prepare('SELECT * FROM digest_schedules WHERE platform = ? AND channel = ?').get(where.platform, where.channel) as ScheduleRow | undefined;
    return row === undefined ? undefined : toSchedule(row);
  }

  /** Every schedule, oldest first. */
  all(): DigestSchedule[] {
    return (this.db.prepare('SELECT * FROM digest_schedules ORDER BY updated_at, platform, channel').all() as ScheduleRow[]).map(toSchedule);
  }

  lastPost(where: Pick<ChannelRef, 'platform' | 'channel'>): DigestPostRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM digest_posts WHERE platform = ? AND channel = ? ORDER BY due_at DESC LIMIT 1')
      .get(where.platform, where.channel) as PostRow | undefined;
    return row === undefined ? undefined : toPost(row);
  }

  /** The record of one chat and day, if any. */
  post(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string): DigestPostRecord | undefined {
    const row = this.db.prepare('SELECT * FROM digest_posts WHERE platform = ? AND channel = ? AND day = ?').get(where.platform, where.channel, day) as PostRow | undefined;
    return row === undefined ? undefined : toPost(row);
  }

  /**
   * Claim the chat's digest of `day` for `owner` until `now + leaseMs`. True when this call owns it now: no record
   * existed, the last attempt failed before anything was sent (status `retry`), or the claim of a process that
   * died before sending ran out; each within DIGEST_MAX_ATTEMPTS attempts.
   */
  claim(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, dueAt: number, owner: string, now: number, late: boolean, leaseMs = DIGEST_CLAIM_LEASE_MS): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO digest_posts (platform, channel, day, due_at, status, owner, claimed_at, late, lease_until)
         VALUES (@platform, @channel, @day, @dueAt, 'claimed', @owner, @now, @late, @leaseUntil)
         ON CONFLICT (platform, channel, day) DO UPDATE SET
           status = 'claimed', owner = excluded.owner, claimed_at = excluded.claimed_at, late = excluded.late,
           attempts = attempts + 1, finished_at = NULL, lease_until = excluded.lease_until, sending_at = NULL
         WHERE digest_posts.attempts < ${DIGEST_MAX_ATTEMPTS.toString()}
           AND (digest_posts.status = 'retry' OR ${ABANDONED_BEFORE_SENDING})`,
      )
      .run({ platform: where.platform, channel: where.channel, day, dueAt, owner, now, late: late ? 1 : 0, leaseUntil: now + leaseMs });
    return result.changes === 1;
  }

  /** Keep `owner`'s claim of the day until `leaseUntil`. False when the claim is no longer this owner's. */
  renewClaim(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, owner: string, leaseUntil: number): boolean {
    return (
      this.db
        .prepare("UPDATE digest_posts SET lease_until = MAX(COALESCE(lease_until, 0), ?) WHERE platform = ? AND channel = ? AND day = ? AND owner = ? AND status = 'claimed'")
        .run(leaseUntil, where.platform, where.channel, day, owner).changes === 1
    );
  }

  /** Mark `owner`'s claim as being sent from `now` on: lost after this, it is never retried (it may have been sent). */
  markSending(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, owner: string, now: number): boolean {
    return (
      this.db
        .prepare("UPDATE digest_posts SET sending_at = ? WHERE platform = ? AND channel = ? AND day = ? AND owner = ? AND status = 'claimed'")
        .run(now, where.platform, where.channel, day, owner).changes === 1
    );
  }

  /**
   * Close a claim whose process died while sending (lease run out after the sending mark) as `failed`: it may
   * have reached the chat, so it is not sent again. True when this call closed it.
   */
  closeLostSend(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, now: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE digest_posts SET status = 'failed', finished_at = @now,
             detail = 'the process posting it stopped while sending; not sent again, so that it cannot post twice'
           WHERE platform = @platform AND channel = @channel AND day = @day AND status = 'claimed'
             AND sending_at IS NOT NULL AND lease_until <= @now`,
        )
        .run({ platform: where.platform, channel: where.channel, day, now }).changes === 1
    );
  }

  /**
   * Record that the day will not be posted (the grace period passed), over no record, a `retry`, or a claim whose
   * process died before sending. True when this call wrote the record.
   */
  recordSkip(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, dueAt: number, owner: string, now: number, detail: string): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO digest_posts (platform, channel, day, due_at, status, owner, claimed_at, finished_at, late, detail)
         VALUES (@platform, @channel, @day, @dueAt, 'skipped', @owner, @now, @now, 1, @detail)
         ON CONFLICT (platform, channel, day) DO UPDATE SET status = 'skipped', finished_at = excluded.finished_at, detail = excluded.detail
         WHERE digest_posts.status = 'retry' OR ${ABANDONED_BEFORE_SENDING}`,
      )
      .run({ platform: where.platform, channel: where.channel, day, dueAt, owner, now, detail });
    return result.changes === 1;
  }

  /** Close a claim: `sent`, `failed` (may have been partly sent; never retried), `retry` (nothing was sent) or `gone`. */
  finish(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, owner: string, status: 'sent' | 'failed' | 'retry' | 'gone', now: number, detail?: string): void {
    this.db
      .prepare("UPDATE digest_posts SET status = ?, finished_at = ?, detail = ? WHERE platform = ? AND channel = ? AND day = ? AND owner = ? AND status = 'claimed'")
      .run(status, now, detail ?? null, where.platform, where.channel, day, owner);
  }

  /** Drop post records of days due before `before` (epoch ms), claims whose lease ran out by `now` included; returns how many. */
  prune(before: number, now: number): number {
    return this.db
      .prepare("DELETE FROM digest_posts WHERE due_at < ? AND (status != 'claimed' OR lease_until IS NULL OR lease_until <= ?)")
      .run(before, now).changes;
  }
}
