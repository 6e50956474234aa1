// Drop-alert subscriptions and state in SQLite: which chats follow which rules, each rule's open episode (shared
// by every process on the database, stepped inside a write transaction), what each chat has seen, and the
// idempotency record of each alert post, written before it is sent.
import type { ChannelRuleMemory, Episode } from '../../core/alert-state.ts';
import { DEFAULT_ALERT_RULES, ruleKey, type AlertRule } from '../../core/alert-rule.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Db } from '../database.ts';
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

const toRule = (r: SubscriptionRow): AlertRule => ({ target: r.target, dropPct: r.drop_pct, windowMs: r.window_ms });

const toSubscription = (r: SubscriptionRow): AlertSubscription => ({
  platform: r.platform as ChannelRef['platform'],
  channel: r.channel,
  kind: r.chat_kind as ChannelRef['kind'],
  rule: toRule(r),
  key: r.rule_key,
  createdAt: r.created_at,
});

/** Alert subscriptions and state over an open, migrated database. */
export class AlertStore implements AlertSettings {
  readonly maxRulesPerChat: number;
  readonly cooldownMs: number;
  private readonly defaults: readonly AlertRule[];
  private readonly clock: Pick<Clock, 'now'>;

  constructor(
    private readonly db: Db,
    options: AlertStoreOptions = {},
  ) {
    this.defaults = options.defaultRules ?? DEFAULT_ALERT_RULES;
    this.maxRulesPerChat = options.maxRulesPerChat ?? 6;
    this.cooldownMs = options.cooldownMs ?? 2 * 3_600_000;
    this.clock = options.clock ?? systemClock;
  }

  defaultRules(): readonly AlertRule[] {
    return this.defaults;
  }

  subscribe(where: ChannelRef, rules: readonly AlertRule[], by: string, now: number = this.clock.now()): AlertRule[] {
    const insert = this.db.prepare(
      `INSERT INTO alert_subscriptions (platform, channel, chat_kind, rule_key, target, drop_pct, window_ms, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.db
      .transaction(() => {
        const have = new Set(this.list(where).map(ruleKey));
        const adding = rules.filter((r) => !have.has(ruleKey(r)));
        if (have.size + new Set(adding.map(ruleKey)).size > this.maxRulesPerChat) {
          throw new RuleLimitError(this.maxRulesPerChat, have.size);
        }
        for (const r of adding)
          insert.run(where.platform, where.channel, where.kind, ruleKey(r), r.target, r.dropPct, r.windowMs, by, now);
      })
      .immediate();
    return this.list(where);
  }

  unsubscribe(where: Pick<ChannelRef, 'platform' | 'channel'>): number {
    return this.db
      .transaction(() => {
        this.db
          .prepare('DELETE FROM alert_channel_state WHERE platform = ? AND channel = ?')
          .run(where.platform, where.channel);
        return this.db
          .prepare('DELETE FROM alert_subscriptions WHERE platform = ? AND channel = ?')
          .run(where.platform, where.channel).changes;
      })
      .immediate();
  }

  list(where: Pick<ChannelRef, 'platform' | 'channel'>): AlertRule[] {
    const rows = this.db
      .prepare('SELECT * FROM alert_subscriptions WHERE platform = ? AND channel = ? ORDER BY created_at, rowid')
      .all(where.platform, where.channel) as SubscriptionRow[];
    return rows.map(toRule);
  }

  lastPost(where: Pick<ChannelRef, 'platform' | 'channel'>): AlertPostRecord | undefined {
    const row = this.db
      .prepare(
        'SELECT rule_key, band, move_pct, at, status FROM alert_posts WHERE platform = ? AND channel = ? ORDER BY at DESC LIMIT 1',
      )
      .get(where.platform, where.channel) as
      | { rule_key: string; band: number; move_pct: number; at: number; status: AlertPostRecord['status'] }
      | undefined;
    return row === undefined
      ? undefined
      : { ruleKey: row.rule_key, band: row.band, movePct: row.move_pct, at: row.at, status: row.status };
  }

  /** Every distinct rule some chat follows. */
  activeRules(): AlertRule[] {
    const rows = this.db
      .prepare('SELECT * FROM alert_subscriptions GROUP BY rule_key ORDER BY rule_key')
      .all() as SubscriptionRow[];
    return rows.map(toRule);
  }

  /** The chats that follow a rule. */
  subscribers(key: string): AlertSubscription[] {
    return (
      this.db
        .prepare('SELECT * FROM alert_subscriptions WHERE rule_key = ? ORDER BY platform, channel')
        .all(key) as SubscriptionRow[]
    ).map(toSubscription);
  }

  /** The rule's open episode, if any. */
  episode(key: string): Episode | undefined {
    const row = this.db.prepare('SELECT episode FROM alert_rule_state WHERE rule_key = ?').get(key) as
      | { episode: string | null }
      | undefined;
    return row?.episode == null ? undefined : (JSON.parse(row.episode) as Episode);
  }

  /**
   * Step a rule's shared episode inside one write transaction: `step` gets the stored episode and returns the
   * new one, which is saved. Two processes stepping the same rule take turns, so they agree on one episode.
   */
  stepRule<R extends { change: string; episode: Episode | undefined }>(
    rule: AlertRule,
    now: number,
    step: (episode: Episode | undefined) => R,
  ): R {
    const key = ruleKey(rule);
    // most steps change nothing: those are answered from a plain read, without taking the write lock
    const stored = this.episode(key);
    const quick = step(stored);
    if (quick.change === 'none' && JSON.stringify(quick.episode) === JSON.stringify(stored)) return quick;
    return this.db
      .transaction(() => {
        const result = step(this.episode(key));
        this.db
          .prepare(
            `INSERT INTO alert_rule_state (rule_key, episode, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (rule_key) DO UPDATE SET episode = excluded.episode, updated_at = excluded.updated_at`,
          )
          .run(key, result.episode === undefined ? null : JSON.stringify(result.episode), now);
        return result;
      })
      .immediate();
  }

  /**
   * Let `decide` (the watcher's gate) say whether the chat gets a post for the rule's episode, from what the chat
   * remembers; when it does, write the post's claim (chat, rule, episode, band) in the same transaction, and save
   * the chat's new memory. `claimed` is false when another process claimed the post first (then nothing is sent).
   */
  admit<D extends ChannelDecision>(
    sub: AlertSubscription,
    episode: Pick<Episode, 'id' | 'band'> | undefined,
    at: number,
    owner: string,
    movePct: number,
    now: number,
    decide: (memory: ChannelRuleMemory) => D,
  ): { decision: D; claimed: boolean } {
    // nothing to post and nothing to remember (the usual case): no write transaction
    const seen = this.memory(sub);
    const quick = decide(seen);
    if (!quick.post && quick.memory === seen) return { decision: quick, claimed: false };
    return this.db
      .transaction(() => {
        const memory = this.memory(sub);
        const decision = decide(memory);
        let claimed = false;
        if (decision.post && episode !== undefined) {
          claimed =
            this.db
              .prepare(
                `INSERT INTO alert_posts (platform, channel, rule_key, episode, band, move_pct, at, status, owner, claimed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'claimed', ?, ?) ON CONFLICT DO NOTHING`,
              )
              .run(sub.platform, sub.channel, sub.key, episode.id, episode.band, movePct, at, owner, now).changes === 1;
        }
        if (decision.memory !== memory) {
          this.db
            .prepare(
              `INSERT INTO alert_channel_state (platform, channel, rule_key, episode, band, last_post_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (platform, channel, rule_key) DO UPDATE SET episode = excluded.episode, band = excluded.band, last_post_at = excluded.last_post_at`,
            )
            .run(
              sub.platform,
              sub.channel,
              sub.key,
              decision.memory.episode ?? null,
              decision.memory.band,
              decision.memory.lastPostAt ?? null,
            );
        }
        return { decision, claimed };
      })
      .immediate();
  }

  private memory(sub: AlertSubscription): ChannelRuleMemory {
    const row = this.db
      .prepare(
        'SELECT episode, band, last_post_at FROM alert_channel_state WHERE platform = ? AND channel = ? AND rule_key = ?',
      )
      .get(sub.platform, sub.channel, sub.key) as
      | { episode: string | null; band: number; last_post_at: number | null }
      | undefined;
    return {
      band: row?.band ?? 0,
      ...(row?.episode ? { episode: row.episode } : {}),
      ...(row?.last_post_at != null ? { lastPostAt: row.last_post_at } : {}),
    };
  }

  /** Close an alert post's claim with how the send went. */
  finishPost(
    sub: AlertSubscription,
    episodeId: string,
    band: number,
    status: 'sent' | 'failed' | 'gone',
    now: number,
    detail?: string,
  ): void {
    this.db
      .prepare(
        "UPDATE alert_posts SET status = ?, finished_at = ?, detail = ? WHERE platform = ? AND channel = ? AND rule_key = ? AND episode = ? AND band = ? AND status = 'claimed'",
      )
      .run(status, now, detail ?? null, sub.platform, sub.channel, sub.key, episodeId, band);
  }

  /** Drop post records older than `before` and state of rules nobody follows; returns how many posts went. */
  prune(before: number): number {
    this.db
      .prepare('DELETE FROM alert_rule_state WHERE rule_key NOT IN (SELECT rule_key FROM alert_subscriptions)')
      .run();
    return this.db.prepare("DELETE FROM alert_posts WHERE at < ? AND status != 'claimed'").run(before).changes;
  }
}
