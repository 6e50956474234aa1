// The live drop-alert watcher: keeps recent prices, steps every followed rule's shared episode (in SQLite),
// asks each subscribed chat's gate whether it gets a post, claims the post before anything is sent, writes the
// explainer once per rule and band, and delivers through the fan-out queue. Evaluations never overlap; ticks
// that arrive meanwhile are folded into the next one.
import { articleChart, CHART_DAYS } from '../chart/reply-chart.ts';
import type { Logger } from 'pino';
import { alertReply } from '../narrate/alert-reply.ts';
import { DEFAULT_GATE_POLICY, gate, type GatePolicy } from '../alerts/channel-gate.ts';
import { type Episode } from '../core/alert-state.ts';
import { DEFAULT_ENGINE_POLICY, episodeMove, stepRule, type EnginePolicy, type RuleReading } from '../alerts/engine.ts';
import { type PriceTick } from '../core/price-tick.ts';
import { PriceHistory } from '../alerts/price-history.ts';
import { BASKET, ruleKey, type AlertRule } from '../core/alert-rule.ts';
import { bandLadder } from '../alerts/rules.ts';
import type { WhyServices } from '../../commands/services.ts';
import type { AlertStore } from '../store/schedules/alert-store.ts';
import type { AlertSubscription } from '../store/schedules/types.ts';
import type { Clock } from '../core/clock.ts';
import type { Delivery, DeliveryOutcome } from './fan-out.ts';

/** Settings of the watcher. */
export interface AlertWatcherOptions {
  store: AlertStore;
  services: Pick<WhyServices, 'explain' | 'trackedCoins' | 'chart'>;
  fanOut: Delivery;
  clock: Clock;
  logger: Logger;
  /** Who claims posts (process id and host). */
  owner: string;
  engine?: EnginePolicy;
  gate?: GatePolicy;
}

/** One alert post made by an evaluation. */
export interface AlertPostResult {
  sub: AlertSubscription;
  rule: AlertRule;
  episode: Episode;
  kind: 'new' | 'deeper';
  outcome: DeliveryOutcome;
}

interface PendingPost {
  sub: AlertSubscription;
  rule: AlertRule;
  episode: Episode;
  reading: RuleReading;
  kind: 'new' | 'deeper';
}

/** The watcher. Feed it ticks (from a TickerStream); it evaluates and posts. */
export class AlertWatcher {
  /** Recent prices (24 h and a margin). */
  readonly history = new PriceHistory({ keepMs: 26 * 3_600_000, resolutionMs: 5_000 });
  private latestAt = -Infinity;
  private evaluatedAt = -Infinity;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly waiters = new Set<{ at: number; resolve: () => void }>();
  private readonly log: Logger;
  /** Every post made, in order (for /status and tests). */
  readonly posted: AlertPostResult[] = [];

  constructor(private readonly options: AlertWatcherOptions) {
    this.log = options.logger.child({ part: 'alerts' });
  }

  /** Record ticks and evaluate the rules at the newest tick's time (folded into a running evaluation). */
  ingest(ticks: readonly PriceTick[]): Promise<void> {
    for (const t of ticks) {
      this.history.record(t);
      if (t.at > this.latestAt) this.latestAt = t.at;
    }
    if (this.stopped || ticks.length === 0) return Promise.resolve();
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      const at = this.latestAt;
      try {
        await this.evaluate(at);
      } catch (err) {
        this.log.error({ err }, 'alert evaluation failed');
      }
      this.evaluatedAt = Math.max(this.evaluatedAt, at);
      for (const w of [...this.waiters]) {
        if (w.at <= this.evaluatedAt) {
          this.waiters.delete(w);
          w.resolve();
        }
      }
    } while (this.again && !this.stopped);
  }

  /** Resolve once prices up to data time `at` have been evaluated and their posts delivered. */
  evaluatedUpTo(at: number): Promise<void> {
    if (this.evaluatedAt >= at) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ at, resolve }));
  }

  /** Step every followed rule at data time `at`, then post what the chats' gates let through. */
  async evaluate(at: number): Promise<AlertPostResult[]> {
    const { store, fanOut, clock, owner } = this.options;
    const basket = this.options.services.trackedCoins();
    const gatePolicy = this.options.gate ?? DEFAULT_GATE_POLICY;
    const pending: PendingPost[] = [];
    for (const rule of store.activeRules()) {
      const key = ruleKey(rule);
      const step = store.stepRule(rule, clock.now(), (episode) => stepRule(rule, episode, this.history, at, basket, this.options.engine ?? DEFAULT_ENGINE_POLICY));
      if (step.change === 'started' || step.change === 'deepened') {
        this.log.info({ rule: key, episode: step.episode?.id, band: step.episode?.band, movePct: Number(step.reading?.movePct.toFixed(2)), at: new Date(at).toISOString() }, step.change === 'started' ? 'drop alert: rule crossed' : 'drop alert: move deepened');
      } else if (step.change === 'ended') {
        this.log.info({ rule: key, reason: step.endReason, at: new Date(at).toISOString() }, 'drop alert: episode ended');
      }
      const episode = step.episode;
      if (episode === undefined) continue;
      const reading = step.reading ?? episodeMove(rule, episode, this.history, at);
      if (reading === undefined) continue;
      for (const sub of store.subscribers(key)) {
        // a chat of a platform this process does not run is left to the process that does
        if (!fanOut.canPost(sub.platform)) continue;
        const { decision, claimed } = store.admit(sub, episode, at, owner, reading.movePct, clock.now(), (memory) => gate(memory, episode, at, gatePolicy));
        if (decision.post && claimed) pending.push({ sub, rule, episode, reading, kind: decision.reason === 'new' ? 'new' : 'deeper' });
        else if (decision.reason === 'cooldown') this.log.info({ rule: key, platform: sub.platform, channel: sub.channel, episode: episode.id }, 'drop alert held back by the cooldown');
      }
    }
    return this.deliver(pending);
  }

  private async deliver(pending: PendingPost[]): Promise<AlertPostResult[]> {
    const { store, fanOut, clock } = this.options;
    // one article per rule, band and kind, shared by every chat that gets it
    const replies = new Map<string, Promise<ReturnType<typeof alertReply>>>();
    const write = async (p: PendingPost) => {
      const move = { kind: p.kind, reading: p.reading, bandPct: bandLadder(p.rule.dropPct)[p.episode.band - 1] ?? p.rule.dropPct };
      try {
        const explanation = await this.options.services.explain(p.rule.target === BASKET ? { form: 'short' } : { coin: p.rule.target, form: 'short' });
        const reply = alertReply(move, explanation.document);
        const files = await articleChart(this.options.services, explanation, CHART_DAYS.short);
        return reply.kind === 'article' && files.length ? { ...reply, files } : reply;
      } catch (err) {
        this.log.warn({ err, rule: ruleKey(p.rule) }, 'could not write the explainer for an alert; posting the move alone');
        return alertReply(move, undefined, (err as Error).message?.slice(0, 200));
      }
    };
    const replyFor = (p: PendingPost) => {
      const id = `${p.episode.id}#${p.episode.band.toString()}#${p.kind}`;
      let reply = replies.get(id);
      if (reply === undefined) {
        reply = write(p);
        replies.set(id, reply);
      }
      return reply;
    };
    const results = await Promise.all(
      pending.map(async (p): Promise<AlertPostResult> => {
        const reply = await replyFor(p);
        const outcome = await fanOut.send(p.sub, reply, `alert ${ruleKey(p.rule)} band ${p.episode.band.toString()}`, `alert:${p.sub.platform}:${p.sub.channel}:${p.episode.id}:${p.episode.band.toString()}`);
        const status = outcome.status === 'sent' ? 'sent' : outcome.status === 'gone' ? 'gone' : 'failed';
        store.finishPost(p.sub, p.episode.id, p.episode.band, status, clock.now(), outcome.status === 'failed' ? String((outcome.error as Error)?.message ?? outcome.error).slice(0, 300) : undefined);
        return { sub: p.sub, rule: p.rule, episode: p.episode, kind: p.kind, outcome };
      }),
    );
    this.posted.push(...results);
    return results;
  }

  /** Stop evaluating; waits for an evaluation in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    for (const w of this.waiters) w.resolve();
    this.waiters.clear();
  }
}
