// Which message carries each chat's alert for a rule (so a deepening drop edits it instead of posting again),
// the bands that message has shown, and how many new alert messages each chat got per UTC day (the daily cap).
// On SQLite or PostgreSQL, beside the alert store; kept apart from it so the subscription and episode logic stays
// as it was.
import type { Db } from '../database.ts';
import { sqliteRunner, type SqlRunner } from '../sql-runner.ts';
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

/** Alert messages and daily counts over an open, migrated database (a better-sqlite3 handle or a SqlRunner). */
export class AlertMessageStore {
  private readonly sql: SqlRunner;

  constructor(db: Db | SqlRunner) {
    this.sql = 'engine' in db ? db : sqliteRunner(db);
  }

  /** The chat's alert message for a rule, if one was recorded. */
  async get(where: Where, ruleKey: string): Promise<AlertMessage | undefined> {
    const { rows } = await this.sql.query<{ episode: string; message_id: string; posted_at: number; history: string }>(
      'SELECT episode, message_id, posted_at, history FROM alert_messages WHERE platform = $1 AND channel = $2 AND rule_key = $3',
      [where.platform, where.channel, ruleKey],
    );
    const row = rows[0];
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
  async set(where: Where, ruleKey: string, message: AlertMessage): Promise<void> {
    await this.sql.query(
      `INSERT INTO alert_messages (platform, channel, rule_key, episode, message_id, posted_at, history) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (platform, channel, rule_key) DO UPDATE SET episode = excluded.episode, message_id = excluded.message_id,
         posted_at = excluded.posted_at, history = excluded.history`,
      [
        where.platform,
        where.channel,
        ruleKey,
        message.episode,
        message.messageId,
        message.postedAt,
        JSON.stringify(message.history),
      ],
    );
  }

  /** New alert messages the chat got on the UTC day of `at`. */
  async postsOn(where: Where, at: number): Promise<number> {
    const { rows } = await this.sql.query<{ posts: number }>(
      'SELECT posts FROM alert_daily WHERE platform = $1 AND channel = $2 AND day = $3',
      [where.platform, where.channel, utcDay(at)],
    );
    return rows[0]?.posts ?? 0;
  }

  /** Count one new alert message for the chat on the UTC day of `at`. */
  async countPost(where: Where, at: number): Promise<void> {
    await this.sql.query(
      `INSERT INTO alert_daily (platform, channel, day, posts) VALUES ($1, $2, $3, 1)
       ON CONFLICT (platform, channel, day) DO UPDATE SET posts = alert_daily.posts + 1`,
      [where.platform, where.channel, utcDay(at)],
    );
  }

  /** Forget messages posted and counts of days before `before` (data time). */
  async prune(before: number): Promise<void> {
    await this.sql.query('DELETE FROM alert_messages WHERE posted_at < $1', [before]);
    await this.sql.query('DELETE FROM alert_daily WHERE day < $1', [utcDay(before)]);
  }
}
