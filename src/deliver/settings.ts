// The settings of digests and drop alerts: the zod shape the configuration schema includes (every key has a
// default), and the typed settings startScheduling takes.
import { z } from 'zod';
import { AlertRuleError, parseRuleList, type AlertRule } from '../alerts/rules.ts';
import type { Config } from '../config/schema.ts';
import { resolveTimeZone } from '../schedule/digest-time.ts';
import type { FanOutRates } from './fan-out.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The environment settings of digests and alerts, for `configSchema` (spread into its object). */
export const schedulingConfigShape = {
  /** IANA time zone of /digest set when the moderator gives none. */
  WHYBOT_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine((z) => {
      try {
        resolveTimeZone(z);
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Paris or UTC'),
  /** Minutes after the scheduled time a digest may still be posted (late, saying so); after that the day is skipped. */
  WHYBOT_DIGEST_GRACE_MINUTES: positiveInt(120),
  /** Longest time between two looks at the digest schedules, seconds (schedules changed elsewhere are seen within it). */
  WHYBOT_SCHEDULER_POLL_SECONDS: positiveInt(60),
  /** Run the drop-alert watcher ("on") or not ("off"). */
  WHYBOT_ALERTS: z.enum(['on', 'off']).default('on'),
  /** Rules `/alerts on` follows when none is given: COIN:-DROP%:WINDOW, comma-separated (basket = the tracked coins). */
  WHYBOT_ALERT_RULES: z
    .string()
    .default('BTC:-3%:1h,basket:-5%:24h')
    .refine((text) => {
      try {
        return parseRuleList(text).length > 0;
      } catch {
        return false;
      }
    }, 'must be rules such as BTC:-3%:1h,basket:-5%:24h (windows 15m, 30m, 1h, 4h, 12h, 24h)'),
  /** After an alert, a new drop of the same rule is not posted to that chat for this many minutes. */
  WHYBOT_ALERT_COOLDOWN_MINUTES: positiveInt(120),
  /** Least minutes between two posts of one drop as it deepens (-3%, then -5%, then -8%...); 0 for none. */
  WHYBOT_ALERT_ESCALATION_GAP_MINUTES: z.coerce.number().int().min(0).default(10),
  /** Minutes after its first post during which a deepening drop edits the alert message instead of posting again. */
  WHYBOT_ALERT_EDIT_WINDOW_MINUTES: positiveInt(120),
  /** Most new alert messages per chat and UTC day; the last one says that more alerts are muted until tomorrow. */
  WHYBOT_ALERT_DAILY_CAP: positiveInt(6),
  /** Seconds between two REST polls of prices while the price websocket is down. */
  WHYBOT_ALERT_POLL_SECONDS: positiveInt(30),
  /** Most alert rules one chat may follow. */
  WHYBOT_ALERT_MAX_RULES_PER_CHAT: positiveInt(6),
  /** Overrides the exchange websocket base URL (ws://host:port; a proxy, or the local price feed); empty for the real one. */
  WHYBOT_PRICE_WS_URL: z.string().url().optional(),
  /** Most proactive Discord posts per second (Discord's global limit is about 50 requests/s). */
  DISCORD_POSTS_PER_SECOND: positiveInt(45),
};

/** Everything startScheduling needs to know. */
export interface SchedulingSettings {
  defaultTimeZone: string;
  graceMs: number;
  schedulerPollMs: number;
  alerts: boolean;
  defaultRules: AlertRule[];
  cooldownMs: number;
  escalationGapMs: number;
  /** Alert messages are edited as the drop deepens for this long after they were posted, ms. */
  editWindowMs: number;
  /** Most new alert messages per chat and UTC day. */
  dailyCap: number;
  pricePollMs: number;
  maxRulesPerChat: number;
  rates: FanOutRates;
  /** The market the watcher reads: exchange, coins, REST and websocket overrides. */
  market: { exchange: string; coins: string[]; quote: string; restUrl?: string; wsUrl?: string; timeoutMs: number };
}

/** The scheduling settings from the validated configuration. */
export function schedulingSettings(config: Config): SchedulingSettings {
  const s = config;
  let defaultRules: AlertRule[];
  try {
    defaultRules = parseRuleList(s.WHYBOT_ALERT_RULES);
  } catch (err) {
    if (err instanceof AlertRuleError) throw new Error(`WHYBOT_ALERT_RULES: ${err.message}`);
    throw err;
  }
  return {
    defaultTimeZone: resolveTimeZone(s.WHYBOT_TIME_ZONE),
    graceMs: s.WHYBOT_DIGEST_GRACE_MINUTES * 60_000,
    schedulerPollMs: s.WHYBOT_SCHEDULER_POLL_SECONDS * 1000,
    alerts: s.WHYBOT_ALERTS === 'on',
    defaultRules,
    cooldownMs: s.WHYBOT_ALERT_COOLDOWN_MINUTES * 60_000,
    escalationGapMs: s.WHYBOT_ALERT_ESCALATION_GAP_MINUTES * 60_000,
    editWindowMs: s.WHYBOT_ALERT_EDIT_WINDOW_MINUTES * 60_000,
    dailyCap: s.WHYBOT_ALERT_DAILY_CAP,
    pricePollMs: s.WHYBOT_ALERT_POLL_SECONDS * 1000,
    maxRulesPerChat: s.WHYBOT_ALERT_MAX_RULES_PER_CHAT,
    rates: { discordPerSecond: s.DISCORD_POSTS_PER_SECOND, telegramPerSecond: config.TELEGRAM_GLOBAL_PER_SECOND },
    market: {
      exchange: config.WHYBOT_EXCHANGE,
      coins: [...config.WHYBOT_COINS],
      quote: config.WHYBOT_QUOTE,
      timeoutMs: config.WHYBOT_HTTP_TIMEOUT_MS,
      ...(config.WHYBOT_EXCHANGE_URL ? { restUrl: config.WHYBOT_EXCHANGE_URL } : {}),
      ...(s.WHYBOT_PRICE_WS_URL ? { wsUrl: s.WHYBOT_PRICE_WS_URL } : {}),
    },
  };
}
