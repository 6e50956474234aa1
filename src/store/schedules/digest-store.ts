// Daily digest schedules and their post records in SQLite. A (chat, local day) is claimed with an insert that
// does nothing on conflict before anything is sent, so the day is posted at most once, across restarts and
// across processes sharing the database. Every method takes time as an argument.
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
  };
}

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
   * Claim the chat's digest of `day` for `owner`. True when this call owns it now: no record existed, or the
   * last attempt failed before anything was sent (status `retry`, fewer than DIGEST_MAX_ATTEMPTS attempts).
   */
  claim(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, dueAt: number, owner: string, now: number, late: boolean): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO digest_posts (platform, channel, day, due_at, status, owner, claimed_at, late)
         VALUES (@platform, @channel, @day, @dueAt, 'claimed', @owner, @now, @late)
         ON CONFLICT (platform, channel, day) DO UPDATE SET
           status = 'claimed', owner = excluded.owner, claimed_at = excluded.claimed_at, late = excluded.late,
           attempts = attempts + 1, finished_at = NULL
         WHERE digest_posts.status = 'retry' AND digest_posts.attempts < ${DIGEST_MAX_ATTEMPTS.toString()}`,
      )
      .run({ platform: where.platform, channel: where.channel, day, dueAt, owner, now, late: late ? 1 : 0 });
    return result.changes === 1;
  }

  /** Record that the day will not be posted (the grace period passed). True when this call wrote the record. */
  recordSkip(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, dueAt: number, owner: string, now: number, detail: string): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO digest_posts (platform, channel, day, due_at, status, owner, claimed_at, finished_at, late, detail)
         VALUES (?, ?, ?, ?, 'skipped', ?, ?, ?, 1, ?)
         ON CONFLICT (platform, channel, day) DO UPDATE SET status = 'skipped', finished_at = excluded.finished_at, detail = excluded.detail
         WHERE digest_posts.status = 'retry'`,
      )
      .run(where.platform, where.channel, day, dueAt, owner, now, now, detail);
    return result.changes === 1;
  }

  /** Close a claim: `sent`, `failed` (may have been partly sent; never retried), `retry` (nothing was sent) or `gone`. */
  finish(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, owner: string, status: 'sent' | 'failed' | 'retry' | 'gone', now: number, detail?: string): void {
    this.db
      .prepare("UPDATE digest_posts SET status = ?, finished_at = ?, detail = ? WHERE platform = ? AND channel = ? AND day = ? AND owner = ? AND status = 'claimed'")
      .run(status, now, detail ?? null, where.platform, where.channel, day, owner);
  }

  /** Drop post records finished before `before` (epoch ms); returns how many. */
  prune(before: number): number {
    return this.db.prepare("DELETE FROM digest_posts WHERE due_at < ? AND status != 'claimed'").run(before).changes;
  }
}
