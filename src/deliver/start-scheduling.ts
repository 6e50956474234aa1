// Wires digests and drop alerts into a running bot: the stores commands use (add them to the services before
// runBot), then, once the adapters run, the fan-out queue, the digest scheduler, and the price stream feeding
// the alert watcher. stop() releases all of it.
import { hostname } from 'node:os';
import type { Exchange } from 'ccxt';
import type { Logger } from 'pino';
import type { Platform } from '../core/reply.ts';
import type { Poster } from '../adapters/post.ts';
import type { WhyServices } from '../../commands/services.ts';
import { marketName } from '../core/markets.ts';
import { createPriceExchange } from '../gather/prices/price-exchange.ts';
import { TickerStream } from '../gather/prices/ticker-stream.ts';
import type { ChannelRef } from '../store/schedules/types.ts';
import { AlertStore } from '../store/schedules/alert-store.ts';
import { DigestStore } from '../store/schedules/digest-store.ts';
import type { SqlRunner } from '../store/sql-runner.ts';
import { forgetChannel, moveChannel } from '../store/schedules/forget-channel.ts';
import { AlertMessageStore } from '../store/schedules/alert-messages.ts';
import { SqlChatSettings } from '../store/chat-settings/chat-settings-store.ts';
import { AlertWatcher } from './alert-watcher.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { DigestScheduler } from './digest-scheduler.ts';
import { FanOut, type Delivery } from './fan-out.ts';
import type { SchedulingSettings } from './settings.ts';

/** The stores behind /digest and /alerts, on the storage's engine. */
export interface SchedulingStores {
  schedules: DigestStore;
  alerts: AlertStore;
  /** Which message carries each chat's alert (edited as a drop deepens) and the daily counts. */
  alertMessages: AlertMessageStore;
  /** Each chat's language and time zone (/language). */
  chatSettings: SqlChatSettings;
  /** The SQL they run on (a chat gone for good is removed from all of them through it). */
  sql: SqlRunner;
}

/**
 * Build the stores over the open, migrated storage's SQL (Storage.sql: the SQLite file, or PostgreSQL when
 * DATABASE_URL is set); spread `schedules` and `alerts` into the services.
 */
export function openSchedulingStores(
  sql: SqlRunner,
  settings: SchedulingSettings,
  clock: Pick<Clock, 'now'> = systemClock,
): SchedulingStores {
  return {
    schedules: new DigestStore(sql, settings.defaultTimeZone, clock),
    alerts: new AlertStore(sql, {
      defaultRules: settings.defaultRules,
      maxRulesPerChat: settings.maxRulesPerChat,
      cooldownMs: settings.cooldownMs,
      clock,
    }),
    alertMessages: new AlertMessageStore(sql),
    chatSettings: new SqlChatSettings(sql, clock),
    sql,
  };
}

/** What to do when a post finds its chat gone for good: follow a moved chat, or unsubscribe a gone one. */
export function goneHandler(
  stores: Pick<SchedulingStores, 'sql'>,
  logger: Logger,
): (where: ChannelRef, reason: string, movedTo?: string) => void {
  return (where, reason, movedTo) => {
    const failed = (err: unknown) =>
      logger.error(
        { err, platform: where.platform, channel: where.channel },
        'could not update the digest and alerts of a gone chat',
      );
    if (movedTo !== undefined) {
      void moveChannel(stores.sql, where, movedTo).catch(failed);
      return;
    }
    void forgetChannel(stores.sql, where).then(
      (removed) =>
        logger.warn(
          {
            platform: where.platform,
            channel: where.channel,
            reason,
            digestRemoved: removed.digest,
            alertRulesRemoved: removed.alertRules,
          },
          'unsubscribed a chat that is gone for good',
        ),
      failed,
    );
  };
}

/** What startScheduling needs. */
export interface StartSchedulingOptions {
  stores: SchedulingStores;
  services: Pick<WhyServices, 'explain' | 'trackedCoins' | 'chart' | 'languages'>;
  /** The running adapters' posters (RunningBot.posters). */
  posters: Partial<Record<Platform, Poster>>;
  settings: SchedulingSettings;
  logger: Logger;
  clock?: Clock;
  /** Who claims posts in the database (default: host and process id). */
  owner?: string;
  /** The price exchange to use instead of creating one from settings.market (tests); it is closed on stop. */
  exchange?: Exchange;
  /** Post through this (the queue shared through Redis) instead of this process's own fan-out queue. */
  delivery?: Delivery;
}

/** Running scheduling. */
export interface Scheduling {
  fanOut: Delivery;
  digests: DigestScheduler;
  /** Absent when alerts are off. */
  watcher?: AlertWatcher;
  prices?: TickerStream;
  stop(): Promise<void>;
}

/** Start the digest scheduler and (unless alerts are off) the price stream and alert watcher. */
export async function startScheduling(options: StartSchedulingOptions): Promise<Scheduling> {
  const { stores, settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const owner = options.owner ?? `${hostname()}:${process.pid.toString()}`;
  const fanOut =
    options.delivery ??
    new FanOut({ posters: options.posters, rates: settings.rates, logger, onGone: goneHandler(stores, logger) });
  const digests = new DigestScheduler({
    store: stores.schedules,
    services: { ...options.services, chatSettings: stores.chatSettings },
    fanOut,
    clock,
    logger,
    owner,
    timing: { graceMs: settings.graceMs, lateAfterMs: 60_000 },
    pollMs: settings.schedulerPollMs,
  });
  digests.start();
  let watcher: AlertWatcher | undefined;
  let prices: TickerStream | undefined;
  if (settings.alerts) {
    watcher = new AlertWatcher({
      store: stores.alerts,
      services: options.services,
      fanOut,
      clock,
      logger,
      owner,
      gate: { cooldownMs: settings.cooldownMs, escalationGapMs: settings.escalationGapMs },
      messages: stores.alertMessages,
      editWindowMs: settings.editWindowMs,
      dailyCap: settings.dailyCap,
    });
    const exchange =
      options.exchange ??
      (await createPriceExchange({
        id: settings.market.exchange,
        timeoutMs: settings.market.timeoutMs,
        ...(settings.market.restUrl ? { restUrl: settings.market.restUrl } : {}),
        ...(settings.market.wsUrl ? { wsUrl: settings.market.wsUrl } : {}),
      }));
    // windows under a day need recent history after a restart (24h windows use the ticker's own 24h open)
    const windows = [...settings.defaultRules, ...(await stores.alerts.activeRules())]
      .map((r) => r.windowMs)
      .filter((ms) => ms < 86_400_000);
    const w = watcher;
    prices = new TickerStream({
      exchange,
      exchangeName: marketName(exchange.id),
      coins: settings.market.coins,
      quote: settings.market.quote,
      // not awaited: the stream keeps reading prices while an alert's posts go out
      onTicks: (ticks) => void w.ingest(ticks),
      clock,
      logger,
      pollIntervalMs: settings.pricePollMs,
      backfillMs: Math.min(Math.max(3_600_000, ...windows) + 600_000, 12 * 3_600_000),
    });
    prices.start();
  }
  logger.info(
    { alerts: settings.alerts, owner, platforms: Object.keys(options.posters) },
    'digests and alerts are running',
  );
  let stopping: Promise<void> | undefined;
  return {
    fanOut,
    digests,
    ...(watcher ? { watcher } : {}),
    ...(prices ? { prices } : {}),
    stop() {
      // Nothing new starts; posts still waiting in the fan-out queue are dropped (the digest scheduler hands their
      // claims back for the next start or another process), and the ones being sent finish.
      stopping ??= (async () => {
        const stopped = Promise.all([prices?.stop(), watcher?.stop(), digests.stop()]);
        await fanOut.stop();
        await stopped;
      })();
      return stopping;
    },
  };
}
