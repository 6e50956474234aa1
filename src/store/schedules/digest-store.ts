// Daily digest schedules and their post records, on SQLite or PostgreSQL (the SQL is the same on both; see
// ../sql-runner.ts). A (chat, local day) is claimed with an insert that
// does nothing on conflict before anything is sent, so the day is posted at most once, across restarts and
// across processes sharing the database. A claim has a lease its process renews; a claim whose process died
// before sending (lease run out, no sending mark) may be claimed again, so the day is not lost. Every method
// takes time as an argument.
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Db } from '../database.ts';
import { sqliteRunner, type SqlRunner } from '../sql-runner.ts';
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
  attempts?: number;
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

// a claim another process may take over: its lease ran out and it was never being sent ($NOW: the time now)
const abandonedBeforeSending = (now: string) => `(digest_posts.status = 'claimed' AND digest_posts.sending_at IS NULL
  AND (digest_posts.lease_until IS NULL OR digest_posts.lease_until <= ${now}))`;

const COLUMNS = 'day, due_at, status, owner, claimed_at, finished_at, late, detail, lease_until, sending_at';

/** Schedules and post records over an open, migrated database (a better-sqlite3 handle or a SqlRunner). */
export class DigestStore implements DigestSettings {
  private readonly sql: SqlRunner;

  constructor(
    db: Db | SqlRunner,
    readonly defaultTimeZone: string = 'UTC',
    private readonly clock: Pick<Clock, 'now'> = systemClock,
  ) {
    this.sql = 'engine' in db ? db : sqliteRunner(db);
  }

  private readonly listeners = new Set<() => void>();

  /** The engine the schedules live on. */
  get engine(): 'sqlite' | 'postgres' {
    return this.sql.engine;
  }

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

  async set(
    where: ChannelRef,
    time: string,
    timeZone: string,
    by: string,
    now: number = this.clock.now(),
  ): Promise<DigestSchedule> {
    // `since` moves only when the time or zone changes, so re-setting the same time does not re-arm today
    await this.sql.query(
      `INSERT INTO digest_schedules (platform, channel, chat_kind, time, time_zone, since, created_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $6)
       ON CONFLICT (platform, channel) DO UPDATE SET
         since = CASE WHEN digest_schedules.time = excluded.time AND digest_schedules.time_zone = excluded.time_zone
                      THEN digest_schedules.since ELSE excluded.since END,
         time = excluded.time, time_zone = excluded.time_zone, chat_kind = excluded.chat_kind,
         created_by = excluded.created_by, updated_at = excluded.updated_at`,
      [where.platform, where.channel, where.kind, time, timeZone, now, by],
    );
    this.changed();
    return (await this.get(where))!;
  }

  async clear(where: ChannelRef): Promise<boolean> {
    const removed =
      (
        await this.sql.query('DELETE FROM digest_schedules WHERE platform = $1 AND channel = $2', [
          where.platform,
          where.channel,
        ])
      ).rowCount > 0;
    if (removed) this.changed();
    return removed;
  }

  async get(where: Pick<ChannelRef, 'platform' | 'channel'>): Promise<DigestSchedule | undefined> {
    const { rows } = await this.sql.query<ScheduleRow>(
      'SELECT platform, channel, chat_kind, time, time_zone, since, created_by, updated_at FROM digest_schedules WHERE platform = $1 AND channel = $2',
      [where.platform, where.channel],
    );
    return rows[0] === undefined ? undefined : toSchedule(rows[0]);
  }

  /** Every schedule, oldest first. */
  async all(): Promise<DigestSchedule[]> {
    const { rows } = await this.sql.query<ScheduleRow>(
      'SELECT platform, channel, chat_kind, time, time_zone, since, created_by, updated_at FROM digest_schedules ORDER BY updated_at, platform, channel',
    );
    return rows.map(toSchedule);
  }

  async lastPost(where: Pick<ChannelRef, 'platform' | 'channel'>): Promise<DigestPostRecord | undefined> {
    const { rows } = await this.sql.query<PostRow>(
      `SELECT ${COLUMNS} FROM digest_posts WHERE platform = $1 AND channel = $2 ORDER BY due_at DESC LIMIT 1`,
      [where.platform, where.channel],
    );
    return rows[0] === undefined ? undefined : toPost(rows[0]);
  }

  /** The record of one chat and day, if any. */
  async post(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string): Promise<DigestPostRecord | undefined> {
    const { rows } = await this.sql.query<PostRow>(
      `SELECT ${COLUMNS} FROM digest_posts WHERE platform = $1 AND channel = $2 AND day = $3`,
      [where.platform, where.channel, day],
    );
    return rows[0] === undefined ? undefined : toPost(rows[0]);
  }

  /**
   * Claim the chat's digest of `day` for `owner` until `now + leaseMs`. True when this call owns it now: no record
   * existed, the last attempt failed before anything was sent (status `retry`), or the claim of a process that
   * died before sending ran out; each within DIGEST_MAX_ATTEMPTS attempts.
   */
  async claim(
    where: Pick<ChannelRef, 'platform' | 'channel'>,
    day: string,
    dueAt: number,
    owner: string,
    now: number,
    late: boolean,
    leaseMs = DIGEST_CLAIM_LEASE_MS,
  ): Promise<boolean> {
    const result = await this.sql.query(
      `INSERT INTO digest_posts (platform, channel, day, due_at, status, owner, claimed_at, late, lease_until)
       VALUES ($1, $2, $3, $4, 'claimed', $5, $6, $7, $8)
       ON CONFLICT (platform, channel, day) DO UPDATE SET
         status = 'claimed', owner = excluded.owner, claimed_at = excluded.claimed_at, late = excluded.late,
         attempts = digest_posts.attempts + 1, finished_at = NULL, lease_until = excluded.lease_until, sending_at = NULL
       WHERE digest_posts.attempts < ${DIGEST_MAX_ATTEMPTS.toString()}
         AND (digest_posts.status = 'retry' OR ${abandonedBeforeSending('$6')})`,
      [where.platform, where.channel, day, dueAt, owner, now, late ? 1 : 0, now + leaseMs],
    );
    return result.rowCount === 1;
  }

  /** Keep `owner`'s claim of the day until `leaseUntil`. False when the claim is no longer this owner's. */
  async renewClaim(
    where: Pick<ChannelRef, 'platform' | 'channel'>,
    day: string,
    owner: string,
    leaseUntil: number,
  ): Promise<boolean> {
    const result = await this.sql.query(
      `UPDATE digest_posts SET lease_until = CASE WHEN COALESCE(lease_until, 0) > $1 THEN lease_until ELSE $1 END
        WHERE platform = $2 AND channel = $3 AND day = $4 AND owner = $5 AND status = 'claimed'`,
      [leaseUntil, where.platform, where.channel, day, owner],
    );
    return result.rowCount === 1;
  }

  /** Mark `owner`'s claim as being sent from `now` on: lost after this, it is never retried (it may have been sent). */
  async markSending(
    where: Pick<ChannelRef, 'platform' | 'channel'>,
    day: string,
    owner: string,
    now: number,
  ): Promise<boolean> {
    const result = await this.sql.query(
      "UPDATE digest_posts SET sending_at = $1 WHERE platform = $2 AND channel = $3 AND day = $4 AND owner = $5 AND status = 'claimed'",
      [now, where.platform, where.channel, day, owner],
    );
    return result.rowCount === 1;
  }

  /**
   * Close a claim whose process died while sending (lease run out after the sending mark) as `failed`: it may
   * have reached the chat, so it is not sent again. True when this call closed it.
   */
  async closeLostSend(where: Pick<ChannelRef, 'platform' | 'channel'>, day: string, now: number): Promise<boolean> {
    const result = await this.sql.query(
      `UPDATE digest_posts SET status = 'failed', finished_at = $1,
         detail = 'the process posting it stopped while sending; not sent again, so that it cannot post twice'
       WHERE platform = $2 AND channel = $3 AND day = $4 AND status = 'claimed'
         AND sending_at IS NOT NULL AND lease_until <= $1`,
      [now, where.platform, where.channel, day],
    );
    return result.rowCount === 1;
  }

  /**
   * Record that the day will not be posted (the grace period passed), over no record, a `retry`, or a claim whose
   * process died before sending. True when this call wrote the record.
   */
  async recordSkip(
    where: Pick<ChannelRef, 'platform' | 'channel'>,
    day: string,
    dueAt: number,
    owner: string,
    now: number,
    detail: string,
  ): Promise<boolean> {
    const result = await this.sql.query(
      `INSERT INTO digest_posts (platform, channel, day, due_at, status, owner, claimed_at, finished_at, late, detail)
       VALUES ($1, $2, $3, $4, 'skipped', $5, $6, $6, 1, $7)
       ON CONFLICT (platform, channel, day) DO UPDATE SET status = 'skipped', finished_at = excluded.finished_at, detail = excluded.detail
       WHERE digest_posts.status = 'retry' OR ${abandonedBeforeSending('$6')}`,
      [where.platform, where.channel, day, dueAt, owner, now, detail],
    );
    return result.rowCount === 1;
  }

  /** Close a claim: `sent`, `failed` (may have been partly sent; never retried), `retry` (nothing was sent) or `gone`. */
  async finish(
    where: Pick<ChannelRef, 'platform' | 'channel'>,
    day: string,
    owner: string,
    status: 'sent' | 'failed' | 'retry' | 'gone',
    now: number,
    detail?: string,
  ): Promise<void> {
    await this.sql.query(
      "UPDATE digest_posts SET status = $1, finished_at = $2, detail = $3 WHERE platform = $4 AND channel = $5 AND day = $6 AND owner = $7 AND status = 'claimed'",
      [status, now, detail ?? null, where.platform, where.channel, day, owner],
    );
  }

  /** Drop post records of days due before `before` (epoch ms), claims whose lease ran out by `now` included; returns how many. */
  async prune(before: number, now: number): Promise<number> {
    const result = await this.sql.query(
      "DELETE FROM digest_posts WHERE due_at < $1 AND (status != 'claimed' OR lease_until IS NULL OR lease_until <= $2)",
      [before, now],
    );
    return result.rowCount;
  }
}
