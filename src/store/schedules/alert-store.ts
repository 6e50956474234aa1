// Drop-alert subscriptions and state, on SQLite or PostgreSQL (the SQL is the same on both; see ../sql-runner.ts):
// which chats follow which rules, each rule's open episode (shared by every process on the database, stepped
// inside a write transaction), what each chat has seen, and the idempotency record of each alert post, written
// before it is sent. On PostgreSQL the steps that must take turns between processes (a rule's episode, a chat's
// memory of a rule, a chat's rule limit) hold a transaction-scoped advisory lock; on SQLite the write lock does it.
import type { ChannelRuleMemory, Episode } from '../../core/alert-state.ts';
import { DEFAULT_ALERT_RULES, ruleKey, type AlertRule } from '../../core/alert-rule.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Db } from '../database.ts';
import { sqliteRunner, type SqlRunner } from '../sql-runner.ts';
import {
  RuleLimitError,
  type AlertPostRecord,
  type AlertSettings,
  type AlertSubscription,
  type ChannelRef,
} from './types.ts';

interface SubscriptionRow {
  platform: string;
  channel: string;
  chat_kind: string;
  rule_key: string;
  target: string;
  drop_pct: number;
  window_ms: number;
  created_at: number;
}

/** Settings of the alert store. */
export interface AlertStoreOptions {
  /** Rules `/alerts on` follows when none is given (default: BTC -3% in 1 h, basket -5% in 24 h). */
  defaultRules?: readonly AlertRule[];
  /** Most rules per chat (default 6). */
  maxRulesPerChat?: number;
  /** The gate's cooldown, ms, shown by /alerts show (the watcher's gate uses its own policy). */
  cooldownMs?: number;
  /** The clock subscriptions are stamped with (default the system clock). */
  clock?: Pick<Clock, 'now'>;
}

/** A chat's decision about one alert (the watcher's gate makes it): post or not, and the chat's memory afterwards. */
export interface ChannelDecision {
  post: boolean;
  memory: ChannelRuleMemory;
}

type Where = Pick<ChannelRef, 'platform' | 'channel'>;

const SUBSCRIPTION_COLUMNS = 'platform, channel, chat_kind, rule_key, target, drop_pct, window_ms, created_at';

const toRule = (r: Pick<SubscriptionRow, 'target' | 'drop_pct' | 'window_ms'>): AlertRule => ({
  target: r.target,
  dropPct: r.drop_pct,
  windowMs: r.window_ms,
});

const toSubscription = (r: SubscriptionRow): AlertSubscription => ({
  platform: r.platform as ChannelRef['platform'],
  channel: r.channel,
  kind: r.chat_kind as ChannelRef['kind'],
  rule: toRule(r),
  key: r.rule_key,
  createdAt: r.created_at,
});

/** Make concurrent transactions on the same `name` take turns (PostgreSQL; SQLite's write lock already does). */
async function takeTurns(tx: SqlRunner, name: string): Promise<void> {
  if (tx.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
}

/** Alert subscriptions and state over an open, migrated database (a better-sqlite3 handle or a SqlRunner). */
export class AlertStore implements AlertSettings {
  readonly maxRulesPerChat: number;
  readonly cooldownMs: number;
  private readonly defaults: readonly AlertRule[];
  private readonly clock: Pick<Clock, 'now'>;
  private readonly sql: SqlRunner;

  constructor(db: Db | SqlRunner, options: AlertStoreOptions = {}) {
    this.sql = 'engine' in db ? db : sqliteRunner(db);
    this.defaults = options.defaultRules ?? DEFAULT_ALERT_RULES;
    this.maxRulesPerChat = options.maxRulesPerChat ?? 6;
    this.cooldownMs = options.cooldownMs ?? 2 * 3_600_000;
    this.clock = options.clock ?? systemClock;
  }

  /** The engine the alerts live on. */
  get engine(): 'sqlite' | 'postgres' {
    return this.sql.engine;
  }

  defaultRules(): readonly AlertRule[] {
    return this.defaults;
  }

  async subscribe(
    where: ChannelRef,
    rules: readonly AlertRule[],
    by: string,
    now: number = this.clock.now(),
  ): Promise<AlertRule[]> {
    await this.sql.transaction(async (tx) => {
      await takeTurns(tx, `whybot:alerts:${where.platform}:${where.channel}`);
      const have = new Set((await this.list(where, tx)).map(ruleKey));
      const adding = new Map(rules.filter((r) => !have.has(ruleKey(r))).map((r) => [ruleKey(r), r]));
      if (have.size + adding.size > this.maxRulesPerChat) throw new RuleLimitError(this.maxRulesPerChat, have.size);
      for (const [key, r] of adding)
        await tx.query(
          `INSERT INTO alert_subscriptions (platform, channel, chat_kind, rule_key, target, drop_pct, window_ms, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [where.platform, where.channel, where.kind, key, r.target, r.dropPct, r.windowMs, by, now],
        );
    });
    return this.list(where);
  }

  async unsubscribe(where: Where): Promise<number> {
    return this.sql.transaction(async (tx) => {
      await tx.query('DELETE FROM alert_channel_state WHERE platform = $1 AND channel = $2', [
        where.platform,
        where.channel,
      ]);
      return (
        await tx.query('DELETE FROM alert_subscriptions WHERE platform = $1 AND channel = $2', [
          where.platform,
          where.channel,
        ])
      ).rowCount;
    });
  }

  async list(where: Where, sql: SqlRunner = this.sql): Promise<AlertRule[]> {
    // in the order they were added: SQLite's rowid, PostgreSQL's identity column
    const added = sql.engine === 'postgres' ? 'id' : 'rowid';
    const { rows } = await sql.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM alert_subscriptions WHERE platform = $1 AND channel = $2 ORDER BY created_at, ${added}`,
      [where.platform, where.channel],
    );
    return rows.map(toRule);
  }

  async lastPost(where: Where): Promise<AlertPostRecord | undefined> {
    const { rows } = await this.sql.query<{
      rule_key: string;
      band: number;
      move_pct: number;
      at: number;
      status: AlertPostRecord['status'];
    }>(
      'SELECT rule_key, band, move_pct, at, status FROM alert_posts WHERE platform = $1 AND channel = $2 ORDER BY at DESC LIMIT 1',
      [where.platform, where.channel],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { ruleKey: row.rule_key, band: row.band, movePct: row.move_pct, at: row.at, status: row.status };
  }

  /** Every distinct rule some chat follows. */
  async activeRules(): Promise<AlertRule[]> {
    const { rows } = await this.sql.query<SubscriptionRow>(
      'SELECT DISTINCT rule_key, target, drop_pct, window_ms FROM alert_subscriptions ORDER BY rule_key',
    );
    return rows.map(toRule);
  }

  /** The chats that follow a rule. */
  async subscribers(key: string): Promise<AlertSubscription[]> {
    const { rows } = await this.sql.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM alert_subscriptions WHERE rule_key = $1 ORDER BY platform, channel`,
      [key],
    );
    return rows.map(toSubscription);
  }

  /** The rule's open episode, if any. */
  async episode(key: string, sql: SqlRunner = this.sql): Promise<Episode | undefined> {
    const { rows } = await sql.query<{ episode: string | null }>(
      'SELECT episode FROM alert_rule_state WHERE rule_key = $1',
      [key],
    );
    const episode = rows[0]?.episode;
    return episode == null ? undefined : (JSON.parse(episode) as Episode);
  }

  /**
   * Step a rule's shared episode inside one write transaction: `step` gets the stored episode and returns the
   * new one, which is saved. Two processes stepping the same rule take turns, so they agree on one episode.
   */
  async stepRule<R extends { change: string; episode: Episode | undefined }>(
    rule: AlertRule,
    now: number,
    step: (episode: Episode | undefined) => R,
  ): Promise<R> {
    const key = ruleKey(rule);
    // most steps change nothing: those are answered from a plain read, without taking the write lock
    const stored = await this.episode(key);
    const quick = step(stored);
    if (quick.change === 'none' && JSON.stringify(quick.episode) === JSON.stringify(stored)) return quick;
    return this.sql.transaction(async (tx) => {
      await takeTurns(tx, `whybot:alert-rule:${key}`);
      const result = step(await this.episode(key, tx));
      await tx.query(
        `INSERT INTO alert_rule_state (rule_key, episode, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (rule_key) DO UPDATE SET episode = excluded.episode, updated_at = excluded.updated_at`,
        [key, result.episode === undefined ? null : JSON.stringify(result.episode), now],
      );
      return result;
    });
  }

  /**
   * Let `decide` (the watcher's gate) say whether the chat gets a post for the rule's episode, from what the chat
   * remembers; when it does, write the post's claim (chat, rule, episode, band) in the same transaction, and save
   * the chat's new memory. `claimed` is false when another process claimed the post first (then nothing is sent).
   */
  async admit<D extends ChannelDecision>(
    sub: AlertSubscription,
    episode: Pick<Episode, 'id' | 'band'> | undefined,
    at: number,
    owner: string,
    movePct: number,
    now: number,
    decide: (memory: ChannelRuleMemory) => D,
  ): Promise<{ decision: D; claimed: boolean }> {
    // nothing to post and nothing to remember (the usual case): no write transaction
    const seen = await this.memory(sub);
    const quick = decide(seen);
    if (!quick.post && quick.memory === seen) return { decision: quick, claimed: false };
    return this.sql.transaction(async (tx) => {
      await takeTurns(tx, `whybot:alert-chat:${sub.platform}:${sub.channel}:${sub.key}`);
      const memory = await this.memory(sub, tx);
      const decision = decide(memory);
      let claimed = false;
      if (decision.post && episode !== undefined) {
        const inserted = await tx.query(
          `INSERT INTO alert_posts (platform, channel, rule_key, episode, band, move_pct, at, status, owner, claimed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'claimed', $8, $9) ON CONFLICT DO NOTHING`,
          [sub.platform, sub.channel, sub.key, episode.id, episode.band, movePct, at, owner, now],
        );
        claimed = inserted.rowCount === 1;
      }
      if (decision.memory !== memory) {
        await tx.query(
          `INSERT INTO alert_channel_state (platform, channel, rule_key, episode, band, last_post_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (platform, channel, rule_key) DO UPDATE SET episode = excluded.episode, band = excluded.band, last_post_at = excluded.last_post_at`,
          [
            sub.platform,
            sub.channel,
            sub.key,
            decision.memory.episode ?? null,
            decision.memory.band,
            decision.memory.lastPostAt ?? null,
          ],
        );
      }
      return { decision, claimed };
    });
  }

  private async memory(sub: AlertSubscription, sql: SqlRunner = this.sql): Promise<ChannelRuleMemory> {
    const { rows } = await sql.query<{ episode: string | null; band: number; last_post_at: number | null }>(
      'SELECT episode, band, last_post_at FROM alert_channel_state WHERE platform = $1 AND channel = $2 AND rule_key = $3',
      [sub.platform, sub.channel, sub.key],
    );
    const row = rows[0];
    return {
      band: row?.band ?? 0,
      ...(row?.episode ? { episode: row.episode } : {}),
      ...(row?.last_post_at != null ? { lastPostAt: row.last_post_at } : {}),
    };
  }

  /** Close an alert post's claim with how the send went. */
  async finishPost(
    sub: AlertSubscription,
    episodeId: string,
    band: number,
    status: 'sent' | 'failed' | 'gone',
    now: number,
    detail?: string,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE alert_posts SET status = $1, finished_at = $2, detail = $3
       WHERE platform = $4 AND channel = $5 AND rule_key = $6 AND episode = $7 AND band = $8 AND status = 'claimed'`,
      [status, now, detail ?? null, sub.platform, sub.channel, sub.key, episodeId, band],
    );
  }

  /** Drop post records older than `before` and state of rules nobody follows; returns how many posts went. */
  async prune(before: number): Promise<number> {
    await this.sql.query(
      'DELETE FROM alert_rule_state WHERE rule_key NOT IN (SELECT rule_key FROM alert_subscriptions)',
    );
    return (await this.sql.query("DELETE FROM alert_posts WHERE at < $1 AND status != 'claimed'", [before])).rowCount;
  }
}
