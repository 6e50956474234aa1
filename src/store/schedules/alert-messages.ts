// Which message carries each chat's alert for a rule (so a deepening drop edits it instead of posting again),
// the bands that message has shown, and how many new alert messages each chat got per UTC day (the daily cap).
// SQLite, beside the alert store; kept apart from it so the subscription and episode logic stays as it was.
import type { Db } from '../database.ts';
import type { ChannelRef } from './types.ts';

/** One band an alert message has shown: the band's level, the move and its data time. */
export interface BandStep {
  bandPct: number;
  movePct: number;
  at: number;
}

/** A chat's alert message for one rule. */
export interface AlertMessage {
  episode: string;
  messageId: string;
  /** Data time the message was first posted. */
  postedAt: number;
  /** Bands shown so far, oldest first. */
  history: BandStep[];
}

type Where = Pick<ChannelRef, 'platform' | 'channel'>;

/** The UTC day of a data time, `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Alert messages and daily counts over an open, migrated database. */
export class AlertMessageStore {
  constructor(private readonly db: Db) {}

  /** The chat's alert message for a rule, if one was recorded. */
  get(where: Where, ruleKey: string): AlertMessage | undefined {
    const row = this.db
      .prepare(
        'SELECT episode, message_id, posted_at, history FROM alert_messages WHERE platform = ? AND channel = ? AND rule_key = ?',
      )
      .get(where.platform, where.channel, ruleKey) as
      | { episode: string; message_id: string; posted_at: number; history: string }
      | undefined;
    return row === undefined
      ? undefined
      : {
          episode: row.episode,
          messageId: row.message_id,
          postedAt: row.posted_at,
          history: JSON.parse(row.history) as BandStep[],
        };
  }

  /** Record (or replace) the chat's alert message for a rule. */
  set(where: Where, ruleKey: string, message: AlertMessage): void {
    this.db
      .prepare(
        `INSERT INTO alert_messages (platform, channel, rule_key, episode, message_id, posted_at, history) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel, rule_key) DO UPDATE SET episode = excluded.episode, message_id = excluded.message_id,
           posted_at = excluded.posted_at, history = excluded.history`,
      )
      .run(
        where.platform,
        where.channel,
        ruleKey,
        message.episode,
        message.messageId,
        message.postedAt,
        JSON.stringify(message.history),
      );
  }

  /** New alert messages the chat got on the UTC day of `at`. */
  postsOn(where: Where, at: number): number {
    const row = this.db
      .prepare('SELECT posts FROM alert_daily WHERE platform = ? AND channel = ? AND day = ?')
      .get(where.platform, where.channel, utcDay(at)) as { posts: number } | undefined;
    return row?.posts ?? 0;
  }

  /** Count one new alert message for the chat on the UTC day of `at`. */
  countPost(where: Where, at: number): void {
    this.db
      .prepare(
        'INSERT INTO alert_daily (platform, channel, day, posts) VALUES (?, ?, ?, 1) ON CONFLICT (platform, channel, day) DO UPDATE SET posts = posts + 1',
      )
      .run(where.platform, where.channel, utcDay(at));
  }

  /** Forget messages posted and counts of days before `before` (data time). */
  prune(before: number): void {
    this.db.prepare('DELETE FROM alert_messages WHERE posted_at < ?').run(before);
    this.db.prepare('DELETE FROM alert_daily WHERE day < ?').run(utcDay(before));
  }
}
