// The live drop-alert watcher: keeps recent prices, steps every followed rule's shared episode (in the database),
// asks each subscribed chat's gate whether it gets a post, claims the post before anything is sent, writes the
// explainer once per rule and band, and delivers through the fan-out queue. Evaluations never overlap; ticks
// that arrive meanwhile are folded into the next one. Posts are sent beside the evaluations that follow (a second
// coin's drop never waits for the first one's fan-out), in order within each chat.
import { articleChart, CHART_DAYS } from '../chart/reply-chart.ts';
import type { Logger } from 'pino';
import { alertReply, cappedAlert, combineAlerts, updatedAlert, type ShownBand } from '../narrate/alert-reply.ts';
import type { Reply } from '../core/reply.ts';
import type { AlertMessageStore } from '../store/schedules/alert-messages.ts';
import { DEFAULT_GATE_POLICY, gate, type GatePolicy } from '../alerts/channel-gate.ts';
import type { Episode } from '../core/alert-state.ts';
import { DEFAULT_ENGINE_POLICY, episodeMove, stepRule, type EnginePolicy, type RuleReading } from '../alerts/engine.ts';
import type { PriceTick } from '../core/price-tick.ts';
import { PriceHistory } from '../alerts/price-history.ts';
import { BASKET, ruleKey, type AlertRule } from '../core/alert-rule.ts';
import { bandLadder } from '../alerts/rules.ts';
import type { WhyServices } from '../../commands/services.ts';
import type { AlertStore } from '../store/schedules/alert-store.ts';
import type { AlertSubscription } from '../store/schedules/types.ts';
import type { Clock } from '../core/clock.ts';
import { chatLanguage } from './chat-language.ts';
import type { Delivery, DeliveryOutcome } from './fan-out.ts';

/** Settings of the watcher. */
export interface AlertWatcherOptions {
  store: AlertStore;
  services: Pick<WhyServices, 'explain' | 'trackedCoins' | 'chart' | 'languages'> &
    Partial<Pick<WhyServices, 'chatSettings'>>;
  fanOut: Delivery;
  clock: Clock;
  logger: Logger;
  /** Who claims posts (process id and host). */
  owner: string;
  engine?: EnginePolicy;
  gate?: GatePolicy;
  /**
   * Alerts that update: where each chat's alert message is recorded. With it, a deepening drop edits its message
   * (within `editWindowMs`), several rules firing together become one message, and each chat gets at most
   * `dailyCap` new alert messages per UTC day. Without it, every alert is its own post (the backtest's way).
   */
  messages?: AlertMessageStore;
  /** How long after its first post an alert message is edited rather than posted anew, ms (default 2 h). */
  editWindowMs?: number;
  /** Most new alert messages per chat and UTC day (default 6); the last one says the rest are muted. */
  dailyCap?: number;
  /**
   * With `messages`: when the explainer is not written within this many ms (real time), a new alert is posted at
   * once with the move alone, and edited to carry the explainer when it is ready (default 1,000 ms).
   */
  earlyPostMs?: number;
}

/** Default: post the move alone when the explainer takes longer than a second, then edit the explainer in. */
export const DEFAULT_EARLY_POST_MS = 1_000;

/** Default: edit an alert message for 2 hours after it was posted. */
export const DEFAULT_EDIT_WINDOW_MS = 2 * 3_600_000;
/** How often a posted alert is checked for a headline that lined up after it, ms of data time. */
export const LATE_HEADLINE_CHECK_MS = 60_000;

/** True when an alert's explainer already names a headline in its cause line (the lede cites its link). */
function replyNamesHeadline(reply: Reply): boolean {
  return reply.kind === 'article' && reply.document.sections.some((s) => s.id === 'lede' && (s.links?.length ?? 0) > 0);
}

/** Default: at most 6 new alert messages per chat and day. */
export const DEFAULT_DAILY_CAP = 6;

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

/** The band a post announces, as a percent drop (the rule's own threshold past the ladder's end). */
function bandPctOf(p: PendingPost): number {
  return bandLadder(p.rule.dropPct)[p.episode.band - 1] ?? p.rule.dropPct;
}

/** The short explainer a post carries: the market's for the basket rule, else the coin's. */
function explainRequest(p: PendingPost, language: string) {
  return p.rule.target === BASKET
    ? { form: 'short' as const, language }
    : { coin: p.rule.target, form: 'short' as const, language };
}

/** The move a post announces. */
function moveOf(p: PendingPost) {
  return { kind: p.kind, reading: p.reading, bandPct: bandPctOf(p) };
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
  /** Deliveries still being sent. */
  private readonly delivering = new Set<{ done: Promise<void> }>();
  /** The newest delivery queued for each chat: a chat's posts and edits go out in the order they were decided. */
  private readonly chatQueues = new Map<string, Promise<unknown>>();
  private readonly log: Logger;
  /** Every post made, in order (for /status and tests). */
  readonly posted: AlertPostResult[] = [];
  /**
   * Alert messages posted before any headline lined up with their drop, by episode: while the edit window lasts,
   * each evaluation (at most once a minute per episode) asks for the explainer again, and when a headline now
   * lines up the messages are edited to carry it. Kept in memory: after a restart, those alerts stay as posted.
   */
  private readonly awaitingNews = new Map<
    string,
    {
      pending: PendingPost;
      posts: Array<{ sub: AlertSubscription; messageId: string; history: ShownBand[]; language: string }>;
      postedAt: number;
      checkedAt: number;
    }
  >();

  constructor(private readonly options: AlertWatcherOptions) {
    this.log = options.logger.child({ part: 'alerts' });
  }

  /**
   * Record ticks and evaluate the rules at the newest tick's time (folded into a running evaluation). Resolves
   * once those ticks are evaluated and their posts delivered; a feed need not wait for it (evaluations go on
   * while posts are sent).
   */
  ingest(ticks: readonly PriceTick[]): Promise<void> {
    for (const t of ticks) {
      this.history.record(t);
      if (t.at > this.latestAt) this.latestAt = t.at;
    }
    if (this.stopped || ticks.length === 0) return Promise.resolve();
    if (this.running !== undefined) this.again = true;
    else
      this.running = this.drain().finally(() => {
        this.running = undefined;
      });
    return this.evaluatedUpTo(this.latestAt);
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      const at = this.latestAt;
      try {
        const pending = await this.decide(at);
        // sent while the next ticks are evaluated; evaluatedUpTo waits for it
        this.track(this.deliver(pending).then(() => this.addLateHeadlines(at)));
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
  async evaluatedUpTo(at: number): Promise<void> {
    if (this.evaluatedAt < at) await new Promise<void>((resolve) => this.waiters.add({ at, resolve }));
    // the evaluation that covered `at` may be of a later tick: wait for every delivery started so far
    await Promise.all([...this.delivering].map((d) => d.done));
  }

  /** Step every followed rule at data time `at`, then post what the chats' gates let through. */
  async evaluate(at: number): Promise<AlertPostResult[]> {
    const results = await this.deliver(await this.decide(at));
    await this.addLateHeadlines(at);
    return results;
  }

  /** Keep a delivery until it is sent (its `done` never rejects). */
  private track(work: Promise<unknown>): void {
    const entry = {
      done: work.then(
        () => undefined,
        (err: unknown) => this.log.error({ err }, 'alert delivery failed'),
      ),
    };
    this.delivering.add(entry);
    void entry.done.then(() => this.delivering.delete(entry));
  }

  /** Run `work` for chat `key` after everything queued before it for that chat. */
  private inChatOrder<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.chatQueues.get(key) ?? Promise.resolve();
    const run = before.then(work);
    const tail = run.catch(() => undefined);
    this.chatQueues.set(key, tail);
    void tail.then(() => {
      if (this.chatQueues.get(key) === tail) this.chatQueues.delete(key);
    });
    return run;
  }

  /** Step every followed rule at data time `at` and claim the posts the chats' gates let through. */
  private async decide(at: number): Promise<PendingPost[]> {
    const { store, fanOut, clock, owner } = this.options;
    const basket = this.options.services.trackedCoins();
    const gatePolicy = this.options.gate ?? DEFAULT_GATE_POLICY;
    const pending: PendingPost[] = [];
    for (const rule of await store.activeRules()) {
      const key = ruleKey(rule);
      const step = await store.stepRule(rule, clock.now(), (episode) =>
        stepRule(rule, episode, this.history, at, basket, this.options.engine ?? DEFAULT_ENGINE_POLICY),
      );
      if (step.change === 'started' || step.change === 'deepened') {
        this.log.info(
          {
            rule: key,
            episode: step.episode?.id,
            band: step.episode?.band,
            movePct: Number(step.reading?.movePct.toFixed(2)),
            at: new Date(at).toISOString(),
          },
          step.change === 'started' ? 'drop alert: rule crossed' : 'drop alert: move deepened',
        );
      } else if (step.change === 'ended') {
        this.log.info(
          { rule: key, reason: step.endReason, at: new Date(at).toISOString() },
          'drop alert: episode ended',
        );
      }
      const episode = step.episode;
      if (episode === undefined) continue;
      const reading = step.reading ?? episodeMove(rule, episode, this.history, at);
      if (reading === undefined) continue;
      for (const sub of await store.subscribers(key)) {
        // a chat of a platform this process does not run is left to the process that does
        if (!fanOut.canPost(sub.platform)) continue;
        const { decision, claimed } = await store.admit(
          sub,
          episode,
          at,
          owner,
          reading.movePct,
          clock.now(),
          (memory) => gate(memory, episode, at, gatePolicy),
        );
        if (decision.post && claimed)
          pending.push({ sub, rule, episode, reading, kind: decision.reason === 'new' ? 'new' : 'deeper' });
        else if (decision.reason === 'cooldown')
          this.log.info(
            { rule: key, platform: sub.platform, channel: sub.channel, episode: episode.id },
            'drop alert held back by the cooldown',
          );
      }
    }
    return pending;
  }

  private async deliver(pending: PendingPost[]): Promise<AlertPostResult[]> {
    const { store, fanOut, clock } = this.options;
    // one article per rule, band and kind, shared by every chat that gets it
    const replies = new Map<string, Promise<ReturnType<typeof alertReply>>>();
    const write = async (p: PendingPost, language: string) => {
      const words = this.options.services.languages.pack(language).words;
      const move = moveOf(p);
      try {
        const explanation = await this.options.services.explain(explainRequest(p, language));
        const reply = alertReply(move, explanation.document, words);
        const files = await articleChart(this.options.services, explanation, CHART_DAYS.short);
        return reply.kind === 'article' && files.length ? { ...reply, files } : reply;
      } catch (err) {
        this.log.warn(
          { err, rule: ruleKey(p.rule) },
          'could not write the explainer for an alert; posting the move alone',
        );
        return alertReply(move, undefined, words, (err as Error).message?.slice(0, 200));
      }
    };
    // the move alone, while its explainer is being written (posted first when the explainer is slow)
    const provisional = (p: PendingPost, language: string): Reply =>
      alertReply(moveOf(p), undefined, this.options.services.languages.pack(language).words, undefined, true);
    // one reply per episode, band, kind and language, shared by every chat reading that language
    const replyFor = (p: PendingPost, language: string) => {
      const id = `${p.episode.id}#${p.episode.band.toString()}#${p.kind}#${language}`;
      let reply = replies.get(id);
      if (reply === undefined) {
        reply = write(p, language);
        replies.set(id, reply);
      }
      return reply;
    };
    const finish = async (p: PendingPost, outcome: DeliveryOutcome, detail?: string): Promise<AlertPostResult> => {
      const status = outcome.status === 'sent' ? 'sent' : outcome.status === 'gone' ? 'gone' : 'failed';
      await store.finishPost(
        p.sub,
        p.episode.id,
        p.episode.band,
        status,
        clock.now(),
        detail ??
          (outcome.status === 'failed'
            ? String((outcome.error as Error)?.message ?? outcome.error).slice(0, 300)
            : undefined),
      );
      return { sub: p.sub, rule: p.rule, episode: p.episode, kind: p.kind, outcome };
    };
    let results: AlertPostResult[];
    if (this.options.messages === undefined) {
      results = await Promise.all(
        pending.map((p) =>
          this.inChatOrder(`${p.sub.platform}:${p.sub.channel}`, async () =>
            finish(
              p,
              await fanOut.send(
                p.sub,
                await replyFor(p, await chatLanguage(this.options.services, p.sub, this.log)),
                `alert ${ruleKey(p.rule)} band ${p.episode.band.toString()}`,
                `alert:${p.sub.platform}:${p.sub.channel}:${p.episode.id}:${p.episode.band.toString()}`,
              ),
            ),
          ),
        ),
      );
    } else {
      const byChat = new Map<string, PendingPost[]>();
      for (const p of pending) {
        const key = `${p.sub.platform}:${p.sub.channel}`;
        byChat.set(key, [...(byChat.get(key) ?? []), p]);
      }
      const messages = this.options.messages;
      results = (
        await Promise.all(
          [...byChat].map(([key, group]) =>
            this.inChatOrder(key, () => this.deliverToChat(group, messages, replyFor, finish, provisional)),
          ),
        )
      ).flat();
    }
    this.posted.push(...results);
    return results;
  }

  /** Edit alerts posted without a headline once one lines up with their drop (see awaitingNews). */
  private async addLateHeadlines(at: number): Promise<void> {
    const window = this.options.editWindowMs ?? DEFAULT_EDIT_WINDOW_MS;
    for (const [episodeId, w] of [...this.awaitingNews]) {
      if (at - w.postedAt > window) {
        this.awaitingNews.delete(episodeId);
        continue;
      }
      if (at - w.checkedAt < LATE_HEADLINE_CHECK_MS) continue;
      w.checkedAt = at;
      const p = w.pending;
      try {
        const explain = (language: string) => this.options.services.explain(explainRequest(p, language));
        const first = await explain(w.posts[0]?.language ?? this.options.services.languages.codes[0]!);
        if (first.facts?.cause.kind !== 'headline') continue;
        this.awaitingNews.delete(episodeId);
        const move = moveOf(p);
        for (const post of w.posts) {
          const words = this.options.services.languages.pack(post.language).words;
          const reply = alertReply(move, (await explain(post.language)).document, words);
          const edited = await this.options.fanOut.edit(
            post.sub,
            post.messageId,
            post.history.length > 1 ? updatedAlert(reply, post.history, at, words) : reply,
            `alert ${ruleKey(p.rule)}: a headline now lines up`,
          );
          this.log.info(
            { platform: post.sub.platform, channel: post.sub.channel, episode: episodeId, status: edited.status },
            'drop alert edited: a headline now lines up with the drop',
          );
        }
      } catch (err) {
        this.log.warn({ err, episode: episodeId }, 'could not check for a late headline; the alert stays as posted');
      }
    }
  }

  /**
   * One chat's alerts of one evaluation: an edit of its message when a single drop deepened within the edit
   * window (posting anew when that message is gone), else one new message for them all, within the daily cap.
   */
  private async deliverToChat(
    group: PendingPost[],
    messages: AlertMessageStore,
    replyFor: (p: PendingPost, language: string) => Promise<Reply>,
    finish: (p: PendingPost, outcome: DeliveryOutcome, detail?: string) => Promise<AlertPostResult>,
    provisional: (p: PendingPost, language: string) => Reply,
  ): Promise<AlertPostResult[]> {
    const { fanOut } = this.options;
    const sub = group[0]!.sub;
    const language = await chatLanguage(this.options.services, sub, this.log);
    const words = this.options.services.languages.pack(language).words;
    const at = Math.max(...group.map((p) => p.reading.at));
    const what = `alert ${group.map((p) => `${ruleKey(p.rule)} band ${p.episode.band.toString()}`).join(', ')}`;
    const step = (p: PendingPost): ShownBand => ({
      bandPct: bandPctOf(p),
      movePct: p.reading.movePct,
      at: p.reading.at,
    });
    const shownOf = async (p: PendingPost) => {
      const shown = await messages.get(p.sub, p.sub.key);
      return shown !== undefined && shown.episode === p.episode.id ? shown : undefined;
    };
    const writing = Promise.all(group.map((p) => replyFor(p, language)));
    const only = group.length === 1 ? group[0]! : undefined;
    const shown = only?.kind === 'deeper' ? await shownOf(only) : undefined;
    const editing =
      only !== undefined &&
      shown !== undefined &&
      at - shown.postedAt <= (this.options.editWindowMs ?? DEFAULT_EDIT_WINDOW_MS);
    // a new message goes out at once with the move alone when the explainer is slow, and is edited when it is ready
    const early = editing
      ? undefined
      : await this.slowerThan(writing, this.options.earlyPostMs ?? DEFAULT_EARLY_POST_MS);
    const replies = early ? group.map((p) => provisional(p, language)) : await writing;
    if (editing && only !== undefined && shown !== undefined) {
      const history = [...shown.history, step(only)];
      const edited = await fanOut.edit(sub, shown.messageId, updatedAlert(replies[0]!, history, at, words), what);
      if (edited.status === 'edited') {
        await messages.set(sub, sub.key, { ...shown, history });
        return [await finish(only, { status: 'sent' }, `edited message ${shown.messageId}`)];
      }
      if (edited.status === 'failed') return [await finish(only, edited)];
      // the message is gone (or this platform cannot edit): post anew
    }
    const cap = this.options.dailyCap ?? DEFAULT_DAILY_CAP;
    const count = await messages.postsOn(sub, at);
    if (count >= cap) {
      this.log.info(
        { platform: sub.platform, channel: sub.channel, cap, what },
        'drop alert muted: the chat reached its daily cap',
      );
      return Promise.all(
        group.map((p) =>
          finish(
            p,
            { status: 'failed', error: new Error('muted by the daily alert cap') },
            'muted by the daily alert cap',
          ),
        ),
      );
    }
    const histories = await Promise.all(
      group.map(async (p) => [...(p.kind === 'deeper' ? ((await shownOf(p))?.history ?? []) : []), step(p)]),
    );
    const compose = (rs: readonly Reply[]) => {
      let composed = combineAlerts(
        only !== undefined && histories[0]!.length > 1 ? [updatedAlert(rs[0]!, histories[0]!, at, words)] : rs,
        words,
      );
      if (count + 1 === cap) composed = cappedAlert(composed, cap, words);
      return composed;
    };
    const reply = compose(replies);
    // one post per chat and set of bands, however many processes send it
    const key = `alert:${sub.platform}:${sub.channel}:${group.map((p) => `${p.episode.id}:${p.episode.band.toString()}`).join('+')}`;
    const outcome = await fanOut.send(sub, reply, what, key);
    if (outcome.status === 'sent') {
      await messages.countPost(sub, at);
      const messageId = outcome.messageIds?.[0];
      if (messageId !== undefined) {
        for (const [i, p] of group.entries())
          await messages.set(p.sub, p.sub.key, {
            episode: p.episode.id,
            messageId,
            postedAt: at,
            history: histories[i]!,
          });
        if (early) void this.editInExplainer(sub, messageId, writing.then(compose), what);
        else if (only !== undefined && !replyNamesHeadline(replies[0]!))
          this.awaitHeadline(only, messageId, histories[0]!, at, language);
      }
    }
    return Promise.all(group.map((p) => finish(p, outcome)));
  }

  /** True when `work` has not settled within `ms` of real time (it keeps running either way). */
  private async slowerThan(work: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), ms);
    });
    try {
      return await Promise.race([
        work.then(
          () => false,
          () => false,
        ),
        late,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Edit an alert posted with the move alone to carry its explainer, once written. Never throws. */
  private async editInExplainer(
    sub: AlertSubscription,
    messageId: string,
    full: Promise<Reply>,
    what: string,
  ): Promise<void> {
    try {
      const edited = await this.options.fanOut.edit(sub, messageId, await full, `${what}: the explainer`);
      this.log.info(
        { platform: sub.platform, channel: sub.channel, status: edited.status },
        'drop alert edited: its explainer is in',
      );
    } catch (err) {
      this.log.warn(
        { err, platform: sub.platform, channel: sub.channel },
        'could not edit the explainer into an alert',
      );
    }
  }

  /** Remember an alert posted without a headline, to edit it if one lines up later. */
  private awaitHeadline(p: PendingPost, messageId: string, history: ShownBand[], at: number, language: string): void {
    const w = this.awaitingNews.get(p.episode.id);
    if (w) {
      w.posts.push({ sub: p.sub, messageId, history, language });
      return;
    }
    this.awaitingNews.set(p.episode.id, {
      pending: p,
      posts: [{ sub: p.sub, messageId, history, language }],
      postedAt: at,
      checkedAt: at,
    });
  }

  /** Stop evaluating; waits for an evaluation in progress and the posts being sent. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    await Promise.all([...this.delivering].map((d) => d.done));
    for (const w of this.waiters) w.resolve();
    this.waiters.clear();
  }
}
