// The settings of running whybot as several processes (Redis for shared state and queues; roles and leaders).
// Spread into configSchema; every key is optional or has a default, so one process with nothing else installed
// stays the default.
import { z } from 'zod';

/** The environment settings of scaling out, for `configSchema` (spread into its object). */
export const clusterConfigShape = {
  /** Redis URL (redis://host:6379/0); when set, the snapshot cache, locks and the digest/alert queue are shared through it. */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis key and BullMQ queue whybot uses (several bots can share one Redis with different prefixes). */
  WHYBOT_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,40}$/, 'must be 1-40 letters, digits, or _ . : -')
    .default('whybot'),
  /** Longest a process building the shared snapshot may hold the build lock, seconds (a crashed builder's lock ends then). */
  WHYBOT_SNAPSHOT_LOCK_SECONDS: z.coerce.number().int().positive().max(3600).default(30),
  /** Public HTTPS URL Telegram posts updates to (webhook mode, for several chat processes behind a load balancer); unset: long polling. */
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  /** Secret Telegram sends with every webhook update; updates without it are refused. Required with TELEGRAM_WEBHOOK_URL. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 letters, digits, _ or -')
    .optional(),
  /** Port and address the webhook's HTTP server listens on (put TLS in front: a load balancer or proxy). */
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65_535).default(8443),
  TELEGRAM_WEBHOOK_HOST: z.string().default('0.0.0.0'),
  /** Most simultaneous connections Telegram opens to the webhook (1-100). */
  TELEGRAM_WEBHOOK_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(40),
  /**
   * Discord gateway shards: "auto" (as many as Discord recommends, all in this process) or a count from 1 to 1000.
   * Unset: one unsharded connection. Discord requires sharding past 2,500 servers per connection.
   */
  DISCORD_SHARDS: z
    .string()
    .trim()
    .regex(/^(auto|\d{1,4})$/i, 'must be auto or a number of shards from 1 to 1000')
    .transform((s): 'auto' | number => (s.toLowerCase() === 'auto' ? 'auto' : Number(s)))
    .refine((n) => n === 'auto' || (n >= 1 && n <= 1000), 'must be auto or a number of shards from 1 to 1000')
    .optional(),
  /** Which of the DISCORD_SHARDS shards this process runs (0,1 or 2,3...), to spread them over processes; unset: all. */
  DISCORD_SHARD_IDS: z
    .string()
    .regex(/^\s*\d{1,4}\s*(,\s*\d{1,4}\s*)*$/, 'must be shard ids separated by commas, e.g. 0,1')
    .transform((s) => [...new Set(s.split(',').map((x) => Number(x.trim())))].sort((a, b) => a - b))
    .optional(),
  /** Leadership lock of the collector and scheduler, seconds: when the leader dies, another takes over within about this. */
  WHYBOT_LEADER_LOCK_SECONDS: z.coerce.number().int().positive().max(3600).default(10),
};
