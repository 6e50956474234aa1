// The settings of digests and drop alerts, as the zod shape configSchema includes (every key has a default).
// src/deliver/settings.ts turns the validated values into what startScheduling takes.
import { z } from 'zod';
import { parseRuleList } from '../alerts/rules.ts';
import { canonicalTimeZone } from '../core/time-zone.ts';
import { intSetting, wsUrl } from './kinds.ts';

/** The environment settings of digests and alerts, for `configSchema` (spread into its object). */
export const schedulingConfigShape = {
  /** IANA time zone of /digest set when the moderator gives none. */
  WHYBOT_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine((zone) => canonicalTimeZone(zone) !== undefined, 'must be an IANA time zone such as Europe/Paris or UTC'),
  /** Minutes after the scheduled time a digest may still be posted (late, saying so); after that the day is skipped. */
  WHYBOT_DIGEST_GRACE_MINUTES: intSetting(1, 1440, 120),
  /** Longest time between two looks at the digest schedules, seconds (schedules changed elsewhere are seen within it). */
  WHYBOT_SCHEDULER_POLL_SECONDS: intSetting(1, 3600, 60),
  /** Run the drop-alert watcher ("on") or not ("off"). */
  WHYBOT_ALERTS: z.enum(['on', 'off']).default('on'),
  /** Rules `/alerts on` follows when none is given: COIN:-DROP%:WINDOW, comma-separated (basket = the tracked coins). */
  WHYBOT_ALERT_RULES: z
    .string()
    .default('BTC:-3%:1h,basket:-5%:24h')
    .superRefine((text, ctx) => {
      const shape = 'must be rules such as BTC:-3%:1h,basket:-5%:24h (windows 15m, 30m, 1h, 4h, 12h, 24h)';
      try {
        if (parseRuleList(text).length === 0) ctx.addIssue({ code: 'custom', message: shape });
      } catch (error) {
        // the parser's own words say which part is wrong (a rise such as +3%, an unknown window...)
        ctx.addIssue({ code: 'custom', message: `${shape}: ${(error as Error).message}` });
      }
    }),
  /** After an alert, a new drop of the same rule is not posted to that chat for this many minutes. */
  WHYBOT_ALERT_COOLDOWN_MINUTES: intSetting(1, 10_080, 120),
  /** Least minutes between two posts of one drop as it deepens (-3%, then -5%, then -8%...); 0 for none. */
  WHYBOT_ALERT_ESCALATION_GAP_MINUTES: intSetting(0, 1440, 10),
  /** Minutes after its first post during which a deepening drop edits the alert message instead of posting again. */
  WHYBOT_ALERT_EDIT_WINDOW_MINUTES: intSetting(1, 10_080, 120),
  /** Most new alert messages per chat and UTC day; the last one says that more alerts are muted until tomorrow. */
  WHYBOT_ALERT_DAILY_CAP: intSetting(1, 1000, 6),
  /** Seconds between two REST polls of prices while the price websocket is down. */
  WHYBOT_ALERT_POLL_SECONDS: intSetting(1, 3600, 30),
  /** Most alert rules one chat may follow. */
  WHYBOT_ALERT_MAX_RULES_PER_CHAT: intSetting(1, 50, 6),
  /** Overrides the exchange websocket base URL (ws://host:port; a proxy, or the local price feed); empty for the real one. */
  WHYBOT_PRICE_WS_URL: wsUrl().optional(),
};
