// /alerts (moderators): automatic posts in this chat when the market drops sharply. `on` follows the default
// rules (or one given as threshold, window and coin), `off` stops them, `show` lists them with the last alert.
import { channelOf } from './digest.ts';
import { resolveCoin } from './coin.ts';
import { formatDurationIn } from '../src/narrate/time-format.ts';
import type { Words } from '../src/narrate/words.ts';
import { timeToken } from '../src/core/time-token.ts';
import { ALERT_WINDOWS, BASKET, formatDrop, type AlertRule } from '../src/core/alert-rule.ts';
import { bandLadder, parseDrop, parseRule, parseTarget, parseWindow, windowText } from '../src/alerts/rules.ts';
import { RuleLimitError, type AlertSettings, type ChannelRef } from '../src/store/schedules/types.ts';
import { UserFacingError } from '../src/core/errors.ts';
import type { NoticeReply } from '../src/core/reply.ts';
import type { CommandDefinition, Invocation } from './types.ts';

/** A notice titled as drop alerts, in the invocation's language. */
const notice = (ui: Words, lines: string[]): NoticeReply => ({
  kind: 'notice',
  tone: 'info',
  title: ui.t('alerts.title'),
  lines,
});

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
      ).keyed('error.alerts.limit', { max: err.max, following: err.following });
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

/** A rule for people: "BTC falls 3% within 1 h", in the reply's language. */
export function ruleText(ui: Words, rule: AlertRule): string {
  return ui.t(rule.target === BASKET ? 'alerts.rule_basket' : 'alerts.rule', {
    coin: rule.target,
    drop: formatDrop(rule.dropPct),
    window: windowText(rule.windowMs),
  });
}

function ruleLines(ui: Words, rules: readonly AlertRule[], tracked: readonly string[]): string[] {
  return rules.map((r) => {
    const bands = bandLadder(r.dropPct)
      .slice(0, 4)
      .map((b) => `-${String(b)}%`)
      .join(', ');
    const rule = ruleText(ui, r);
    return r.target === BASKET
      ? ui.t('alerts.rule_line_basket', { rule, coins: tracked.join(', '), bands })
      : ui.t('alerts.rule_line', { rule, bands });
  });
}

function howItWorks(ui: Words, store: AlertSettings): string {
  return ui.t('alerts.how', { cooldown: formatDurationIn(ui, store.cooldownMs) });
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
    const { ui } = invocation;
    if (store === undefined) return notice(ui, [ui.t('alerts.not_running')]);
    const { options } = invocation;
    const tracked = services.trackedCoins();
    const given = ['threshold', 'window', 'coin'].some((k) => k in options);
    const action = typeof options.action === 'string' ? options.action : given ? 'on' : 'show';
    const where = channelOf(invocation);
    if (action === 'on') {
      const wanted = given ? [requestedRule(invocation, store, tracked)] : store.defaultRules();
      const rules = await follow(store, where, wanted, invocation.user.id);
      return notice(ui, [
        ui.t('alerts.on'),
        ...ruleLines(ui, rules, tracked),
        howItWorks(ui, store),
        ui.t('alerts.off_hint'),
      ]);
    }
    if (action === 'off') {
      const removed = await store.unsubscribe(where);
      return notice(ui, [ui.t(removed > 0 ? 'alerts.off' : 'alerts.were_off')]);
    }
    const rules = await store.list(where);
    if (rules.length === 0) return notice(ui, [ui.t('alerts.none')]);
    const last = await store.lastPost(where);
    return notice(ui, [
      ui.t('alerts.show'),
      ...ruleLines(ui, rules, tracked),
      howItWorks(ui, store),
      last === undefined
        ? ui.t('alerts.no_post')
        : ui.t('alerts.last', { rule: ruleText(ui, parseRule(last.ruleKey)), when: timeToken(last.at, 'f') }),
    ]);
  },
};
