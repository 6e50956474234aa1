// /alerts (moderators): automatic posts in this chat when the market drops sharply. `on` follows the default
// rules (or one given as threshold, window and coin), `off` stops them, `show` lists them with the last alert.
import { channelOf } from './digest.ts';
import { resolveCoin } from './coin.ts';
import { formatDuration } from '../src/narrate/time-format.ts';
import { timeToken } from '../src/core/time-token.ts';
import { ALERT_WINDOWS, BASKET, type AlertRule } from '../src/core/alert-rule.ts';
import { bandLadder, describeRule, parseDrop, parseRule, parseTarget, parseWindow } from '../src/alerts/rules.ts';
import { RuleLimitError, type AlertSettings, type ChannelRef } from '../src/store/schedules/types.ts';
import { UserFacingError } from '../src/core/errors.ts';
import type { NoticeReply } from '../src/core/reply.ts';
import type { CommandDefinition, Invocation } from './types.ts';

const TITLE = 'Drop alerts';

const notice = (lines: string[]): NoticeReply => ({ kind: 'notice', tone: 'info', title: TITLE, lines });

/** Follow rules in a chat, turning the store's rule limit into words for the moderator. */
async function follow(
  store: AlertSettings,
  where: ChannelRef,
  rules: readonly AlertRule[],
  by: string,
): Promise<AlertRule[]> {
  try {
    return await store.subscribe(where, rules, by);
  } catch (err) {
    if (err instanceof RuleLimitError) {
      throw new UserFacingError(
        `A chat can follow at most ${err.max.toString()} alert rules; this one follows ${err.following.toString()}. Use /alerts off to start again.`,
      );
    }
    throw err;
  }
}

/** The rule `/alerts on` with options asks for: the target's default rule with the given parts replaced. */
export function requestedRule(invocation: Invocation, store: AlertSettings, tracked: readonly string[]): AlertRule {
  const { threshold, window, coin } = invocation.options;
  const target =
    typeof coin === 'string' ? parseTarget(coin) : (store.defaultRules()[0]?.target ?? tracked[0] ?? BASKET);
  const checked = target === BASKET ? BASKET : resolveCoin(typeof coin === 'string' ? coin : target, tracked);
  const base =
    store.defaultRules().find((r) => r.target === checked) ??
    (checked === BASKET
      ? { target: BASKET, dropPct: 5, windowMs: 86_400_000 }
      : { target: checked, dropPct: 3, windowMs: 3_600_000 });
  return {
    target: checked,
    dropPct: typeof threshold === 'string' ? parseDrop(threshold) : base.dropPct,
    windowMs: typeof window === 'string' ? parseWindow(window) : base.windowMs,
  };
}

function ruleLines(rules: readonly AlertRule[], tracked: readonly string[]): string[] {
  return rules.map((r) => {
    const bands = bandLadder(r.dropPct)
      .slice(0, 4)
      .map((b) => `-${String(b)}%`)
      .join(', ');
    const basket = r.target === BASKET ? ` (basket: ${tracked.join(', ')}, equal-weighted)` : '';
    return `• ${describeRule(r)}${basket}; posts at ${bands}, ...`;
  });
}

function howItWorks(store: AlertSettings): string {
  return `One post when a rule is crossed, another only if the drop deepens past the next band, nothing more until it recovers; after an alert, a new drop of the same rule waits ${formatDuration(store.cooldownMs)}.`;
}

/** The `alerts` command. */
export const alertsCommand: CommandDefinition = {
  name: 'alerts',
  description: 'Automatic posts when the market moves sharply.',
  access: 'moderators',
  options: [
    {
      kind: 'choice',
      name: 'action',
      description: 'turn alerts on or off, or show them',
      choices: ['on', 'off', 'show'],
    },
    {
      kind: 'text',
      name: 'threshold',
      description: 'Drop that triggers a post, e.g. -3%',
      maxLength: 8,
      accepts: /^[-−–+]?\d{1,3}(?:[.,]\d{1,2})?%?$/u,
    },
    { kind: 'choice', name: 'window', description: 'How fast the drop happens', choices: Object.keys(ALERT_WINDOWS) },
    {
      kind: 'coin',
      name: 'coin',
      description: 'A tracked coin such as BTC, or "basket" for the whole tracked market',
      also: ['basket'],
    },
  ],
  async run(invocation, services) {
    const store = services.alerts;
    if (store === undefined) {
      return notice([
        'Drop alerts are not running on this bot (they are switched off, or this is a replay, which has no live prices). You can ask /why at any time.',
      ]);
    }
    const { options } = invocation;
    const tracked = services.trackedCoins();
    const given = ['threshold', 'window', 'coin'].some((k) => k in options);
    const action = typeof options.action === 'string' ? options.action : given ? 'on' : 'show';
    const where = channelOf(invocation);
    if (action === 'on') {
      const wanted = given ? [requestedRule(invocation, store, tracked)] : store.defaultRules();
      const rules = await follow(store, where, wanted, invocation.user.id);
      return notice([
        'Alerts are on in this chat:',
        ...ruleLines(rules, tracked),
        howItWorks(store),
        'Turn them off with /alerts off.',
      ]);
    }
    if (action === 'off') {
      const removed = await store.unsubscribe(where);
      return notice([removed > 0 ? 'Alerts are off in this chat.' : 'Alerts were not on in this chat.']);
    }
    const rules = await store.list(where);
    if (rules.length === 0)
      return notice([
        'Alerts are off in this chat. Turn them on with /alerts on (default rules) or /alerts on -5% 4h ETH.',
      ]);
    const last = await store.lastPost(where);
    return notice([
      'This chat gets alerts when:',
      ...ruleLines(rules, tracked),
      howItWorks(store),
      ...(last === undefined
        ? ['No alert posted here yet.']
        : [`Last alert: ${describeRule(parseRule(last.ruleKey))}, at ${timeToken(last.at, 'f')}.`]),
    ]);
  },
};
