// The typed settings startScheduling takes, from the validated configuration (whose schema, in
// src/config/scheduling-schema.ts, gives every key a default); each platform's posting rate from its module.
import { AlertRuleError, parseRuleList } from '../alerts/rules.ts';
import type { AlertRule } from '../core/alert-rule.ts';
import { PLATFORMS } from '../adapters/platforms.ts';
import type { Config } from '../config/schema.ts';
import { resolveTimeZone } from '../schedule/digest-time.ts';
import type { FanOutRates } from './fan-out.ts';

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
    rates: Object.fromEntries(PLATFORMS.map((platform) => [platform.name, platform.rates(config).perSecond])),
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
