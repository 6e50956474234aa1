// The shapes of the schedule and alert stores as commands see them (through WhyServices), and the chat a
// proactive post goes to. Kept apart from the SQLite code so commands depend on the interface only.
import type { Platform } from '../../core/reply.ts';
import type { AlertRule } from '../../core/alert-rule.ts';

/** A chat whybot posts to by itself: platform, channel (or chat) id, and whether it is a group. */
export interface ChannelRef {
  platform: Platform;
  channel: string;
  kind: 'direct' | 'group' | 'terminal';
}

/** A stored daily digest schedule. */
export interface DigestSchedule extends ChannelRef {
  /** `HH:MM` local time. */
  time: string;
  /** IANA zone. */
  timeZone: string;
  /** Epoch ms it took this time; earlier occurrences are not due. */
  since: number;
  createdBy?: string;
  updatedAt: number;
}

/** One digest post record (the idempotency record of a chat and local day). */
export interface DigestPostRecord {
  day: string;
  dueAt: number;
  status: 'claimed' | 'sent' | 'failed' | 'retry' | 'skipped' | 'gone';
  owner: string;
  claimedAt: number;
  finishedAt?: number;
  late: boolean;
  detail?: string;
  /** While `claimed`: epoch ms the claim holds until (renewed while its process prepares and sends it). */
  leaseUntil?: number;
  /** Epoch ms its process started sending (a claim lost after this is never retried: it may have been sent). */
  sendingAt?: number;
}

/** True when `record` is a claim whose process stopped renewing it (died) before finishing, as of `now`. */
export function claimAbandoned(record: DigestPostRecord, now: number): boolean {
  return record.status === 'claimed' && (record.leaseUntil === undefined || record.leaseUntil <= now);
}

/** What /digest may do with the schedule store. */
export interface DigestSettings {
  /** The zone used when a moderator gives none. */
  readonly defaultTimeZone: string;
  /** The scheduler's clock (real time, also in replays), epoch ms. */
  now(): number;
  /** Create or change the chat's schedule (`time` is `HH:MM`, `timeZone` canonical IANA), as of `now` (default the clock's). */
  set(where: ChannelRef, time: string, timeZone: string, by: string, now?: number): Promise<DigestSchedule>;
  /** Remove the chat's schedule; false when there was none. */
  clear(where: ChannelRef): Promise<boolean>;
  /** The chat's schedule, if any. */
  get(where: ChannelRef): Promise<DigestSchedule | undefined>;
  /** The chat's most recent digest record, if any. */
  lastPost(where: ChannelRef): Promise<DigestPostRecord | undefined>;
}

/** A rule a chat follows. */
export interface AlertSubscription extends ChannelRef {
  rule: AlertRule;
  key: string;
  createdAt: number;
}

/** The chat's most recent alert post. */
export interface AlertPostRecord {
  ruleKey: string;
  band: number;
  movePct: number;
  at: number;
  status: 'claimed' | 'sent' | 'failed' | 'gone';
}

/** A chat asked to follow more rules than it may. The command words the message. */
export class RuleLimitError extends Error {
  override readonly name = 'RuleLimitError';
  constructor(
    /** Most rules a chat may follow. */
    readonly max: number,
    /** Rules the chat follows now. */
    readonly following: number,
  ) {
    super(`rule limit ${max.toString()} reached (${following.toString()} followed)`);
  }
}

/** What /alerts may do with the alert store. */
export interface AlertSettings {
  /** The rules `/alerts on` subscribes to when none is given. */
  defaultRules(): readonly AlertRule[];
  /** Most rules one chat may follow. */
  readonly maxRulesPerChat: number;
  /** The gate's cooldown between two drops of one rule, ms (for /alerts show). */
  readonly cooldownMs: number;
  /** Follow `rules` in the chat (rules already followed stay). Returns every rule the chat follows afterwards; throws RuleLimitError past maxRulesPerChat. */
  subscribe(where: ChannelRef, rules: readonly AlertRule[], by: string, now?: number): Promise<AlertRule[]>;
  /** Stop every alert in the chat; returns how many rules were removed. */
  unsubscribe(where: ChannelRef): Promise<number>;
  /** The rules the chat follows. */
  list(where: ChannelRef): Promise<AlertRule[]>;
  /** The chat's most recent alert post, if any. */
  lastPost(where: ChannelRef): Promise<AlertPostRecord | undefined>;
}
