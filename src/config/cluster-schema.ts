// The settings of running whybot as several processes (Redis for shared state and queues; roles and leaders).
// Spread into configSchema; every key is optional or has a default, so one process with nothing else installed
// stays the default.
import { z } from 'zod';
import { numberSetting, redisUrl } from './kinds.ts';

/** The environment settings of scaling out, for `configSchema` (spread into its object). */
export const clusterConfigShape = {
  /** Redis URL (redis://host:6379/0); when set, the snapshot cache, locks and the digest/alert queue are shared through it. */
  REDIS_URL: redisUrl().optional(),
  /** Prefix of every Redis key and BullMQ queue whybot uses (several bots can share one Redis with different prefixes). */
  WHYBOT_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,40}$/, 'must be 1-40 letters, digits, or _ . : -')
    .default('whybot'),
  /** Longest a process building the shared snapshot may hold the build lock, seconds (a crashed builder's lock ends then). */
  WHYBOT_SNAPSHOT_LOCK_SECONDS: numberSetting(z.number().int().positive().max(3600)).default(30),
  /** Leadership lock of the collector and scheduler, seconds: when the leader dies, another takes over within about this. */
  WHYBOT_LEADER_LOCK_SECONDS: numberSetting(z.number().int().positive().max(3600)).default(10),
};
