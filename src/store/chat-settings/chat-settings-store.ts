// The chat settings store: one row per chat with its language and time zone (null = not set), on SQLite or
// PostgreSQL through the same SQL (../sql-runner.ts). Readers ask often (every command resolves the chat's
// language), so reads are cached in memory for a short while and every write in this process clears the entry.
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Db } from '../database.ts';
import { sqliteRunner, type SqlRunner } from '../sql-runner.ts';
import type { ChannelRef } from '../schedules/types.ts';

/** A chat's own settings; an absent field is not set. */
export interface ChatSettings {
  language?: string;
  timeZone?: string;
  /** The platform's language tag last seen in the chat (followed until `language` is set). */
  seenLocale?: string;
  updatedBy?: string;
  updatedAt?: number;
}

/** What commands and deliveries may do with chat settings. */
export interface ChatSettingsStore {
  /** The chat's settings ({} when none are set). */
  get(where: Pick<ChannelRef, 'platform' | 'channel'>): Promise<ChatSettings>;
  /** Set (or with null, clear) the chat's language. */
  setLanguage(where: Pick<ChannelRef, 'platform' | 'channel'>, language: string | null, by: string): Promise<void>;
  /** Set (or with null, clear) the chat's time zone (a canonical IANA zone). */
  setTimeZone(where: Pick<ChannelRef, 'platform' | 'channel'>, timeZone: string | null, by: string): Promise<void>;
  /** Remember the platform's language tag seen in the chat (written only when it changed). */
  noteLocale(where: Pick<ChannelRef, 'platform' | 'channel'>, tag: string): Promise<void>;
}

interface Row {
  language: string | null;
  time_zone: string | null;
  seen_locale: string | null;
  updated_by: string | null;
  updated_at: number | string;
}

/** How long a read is reused in this process; another process's change shows within this. */
const CACHE_TTL_MS = 30_000;

/** Chat settings on the storage's SQL. */
export class SqlChatSettings implements ChatSettingsStore {
  private readonly sql: SqlRunner;
  private readonly cache = new LRUCache<string, ChatSettings>({ max: 10_000, ttl: CACHE_TTL_MS });

  constructor(
    db: Db | SqlRunner,
    private readonly clock: Pick<Clock, 'now'> = systemClock,
  ) {
    this.sql = 'engine' in db ? db : sqliteRunner(db);
  }

  async get(where: Pick<ChannelRef, 'platform' | 'channel'>): Promise<ChatSettings> {
    const key = `${where.platform}:${where.channel}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const { rows } = await this.sql.query<Row>(
      'SELECT language, time_zone, seen_locale, updated_by, updated_at FROM chat_settings WHERE platform = $1 AND channel = $2',
      [where.platform, where.channel],
    );
    const r = rows[0];
    const settings: ChatSettings = r
      ? {
          ...(r.language === null ? {} : { language: r.language }),
          ...(r.time_zone === null ? {} : { timeZone: r.time_zone }),
          ...(r.seen_locale === null ? {} : { seenLocale: r.seen_locale }),
          ...(r.updated_by === null ? {} : { updatedBy: r.updated_by }),
          updatedAt: Number(r.updated_at),
        }
      : {};
    this.cache.set(key, settings);
    return settings;
  }

  setLanguage(where: Pick<ChannelRef, 'platform' | 'channel'>, language: string | null, by: string): Promise<void> {
    return this.setColumn(where, 'language', language, by);
  }

  setTimeZone(where: Pick<ChannelRef, 'platform' | 'channel'>, timeZone: string | null, by: string): Promise<void> {
    return this.setColumn(where, 'time_zone', timeZone, by);
  }

  async noteLocale(where: Pick<ChannelRef, 'platform' | 'channel'>, tag: string): Promise<void> {
    if ((await this.get(where)).seenLocale === tag) return;
    await this.sql.query(
      `INSERT INTO chat_settings (platform, channel, seen_locale, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, channel) DO UPDATE SET seen_locale = excluded.seen_locale`,
      [where.platform, where.channel, tag.slice(0, 35), this.clock.now()],
    );
    this.cache.delete(`${where.platform}:${where.channel}`);
  }

  private async setColumn(
    where: Pick<ChannelRef, 'platform' | 'channel'>,
    column: 'language' | 'time_zone',
    value: string | null,
    by: string,
  ): Promise<void> {
    await this.sql.query(
      `INSERT INTO chat_settings (platform, channel, ${column}, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, channel) DO UPDATE SET ${column} = excluded.${column},
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [where.platform, where.channel, value, by, this.clock.now()],
    );
    this.cache.delete(`${where.platform}:${where.channel}`);
  }
}
