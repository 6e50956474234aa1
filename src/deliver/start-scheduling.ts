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
import type { Db } from '../store/database.ts';
import type { ChannelRef } from '../store/schedules/types.ts';
import { AlertStore } from '../store/schedules/alert-store.ts';
import { DigestStore } from '../store/schedules/digest-store.ts';
import type { SqlRunner } from '../store/sql-runner.ts';
import { forgetChannel, moveChannel } from '../store/schedules/forget-channel.ts';
import { AlertMessageStore } from '../store/schedules/alert-messages.ts';
import { AlertWatcher } from './alert-watcher.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { DigestScheduler } from './digest-scheduler.ts';
import { FanOut, type Delivery } from './fan-out.ts';
import type { SchedulingSettings } from './settings.ts';

/** The stores behind /digest and /alerts. */
export interface SchedulingStores {
  schedules: DigestStore;
  alerts: AlertStore;
}

/**
 * Build the stores over an open, migrated database; spread them into the services (`{ ...services, ...stores }`).
 * `digests` puts the digest schedules and posts on another engine (PostgreSQL, when DATABASE_URL is set).
 */
export function openSchedulingStores(
  db: Db,
  settings: SchedulingSettings,
  clock: Pick<Clock, 'now'> = systemClock,
  digests?: SqlRunner,
): SchedulingStores {
  return {
    schedules: new DigestStore(digests ?? db, settings.defaultTimeZone, clock),
    alerts: new AlertStore(db, {
      defaultRules: settings.defaultRules,
      maxRulesPerChat: settings.maxRulesPerChat,
      cooldownMs: settings.cooldownMs,
      clock,
    }),
  };
}

/** What to do when a post finds its chat gone for good: follow a moved chat, or unsubscribe a gone one. */
export function goneHandler(
  db: Db,
  stores: SchedulingStores,
  logger: Logger,
): (where: ChannelRef, reason: string, movedTo?: string) => void {
  return (where, reason, movedTo) => {
    const elsewhere = stores.schedules.engine !== 'sqlite';
    const log = (err: unknown) =>
      logger.error(
        { err, platform: where.platform, channel: where.channel },
        'could not update the digest schedule of a gone chat',
      );
    if (movedTo !== undefined) {
      moveChannel(db, where, movedTo);
      if (elsewhere) void stores.schedules.move(where, movedTo).catch(log);
      return;
    }
    const removed = forgetChannel(db, where);
    if (elsewhere) void stores.schedules.forget(where).catch(log);
    logger.warn(
      {
        platform: where.platform,
        channel: where.channel,
        reason,
        digestRemoved: removed.digest,
        alertRulesRemoved: removed.alertRules,
      },
      'unsubscribed a chat that is gone for good',
    );
  };
}

/** What startScheduling needs. */
export interface StartSchedulingOptions {
  db: Db;
  stores: SchedulingStores;
  services: Pick<WhyServices, 'explain' | 'trackedCoins' | 'chart'>;
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
  const { db, stores, settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const owner = options.owner ?? `${hostname()}:${process.pid.toString()}`;
  const fanOut =
    options.delivery ??
    new FanOut({ posters: options.posters, rates: settings.rates, logger, onGone: goneHandler(db, stores, logger) });
  const digests = new DigestScheduler({
    store: stores.schedules,
    services: options.services,
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
      messages: new AlertMessageStore(db),
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
    const windows = [...settings.defaultRules, ...stores.alerts.activeRules()]
      .map((r) => r.windowMs)
      .filter((ms) => ms < 86_400_000);
    const w = watcher;
    prices = new TickerStream({
      exchange,
      exchangeName: marketName(exchange.id),
      coins: settings.market.coins,
      quote: settings.market.quote,
      onTicks: (ticks) => w.ingest(ticks),
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
      stopping ??= (async () => {
        await prices?.stop();
        await watcher?.stop();
        await digests.stop();
        await fanOut.stop();
      })();
      return stopping;
    },
  };
}
