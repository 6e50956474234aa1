// Records open interest and funding across venues every few minutes (the collector role's job: it runs where the
// liquidation collectors run and only while this process holds their lease, so one process records), folds the
// liquidation store's daily totals into the long-term rollups, backfills past days from the venues' history
// endpoints (backfill.ts; once a UTC day, an hour after a failure), and prunes detailed samples past the retention.
import type { Exchange } from 'ccxt';
import pino, { type Logger } from 'pino';
import type { MarketHistoryStore } from '../../store/market-history/store.ts';
import type { LiquidationRepo } from '../../store/liquidations/repo.ts';
import { BACKFILL_VENUES, backfillVenue, canBackfill } from './backfill.ts';
import { createLeverageExchange, isLeverageVenue, sampleVenue } from './sample.ts';

const DAY = 86_400_000;

/** Venue name for rollups summed over every venue (liquidations: the store keeps days across venues). */
export const ALL_VENUES = '*';

/** Options of startLeverageRecorder. */
export interface LeverageRecorderOptions {
  /** ccxt ids; those whybot cannot sample are logged and skipped. */
  venues: readonly string[];
  coins: readonly string[];
  quote?: string;
  store: MarketHistoryStore;
  /** The liquidation store whose daily totals are rolled up for the long term. */
  liquidations?: LiquidationRepo;
  /** Base URL per venue (simulator, proxy). */
  urls?: Partial<Record<string, string>>;
  /** Sampling interval, ms (default 5 minutes). */
  intervalMs?: number;
  /** Days back to fill from venues' history endpoints (capped by what each serves); 0 = no backfill. Default 365. */
  backfillDays?: number;
  /** Detailed samples kept this many days (default 35); rollups are kept. */
  retentionDays?: number;
  /** Record only while this says so (the collector lease); default always. */
  isLeader?: () => boolean;
  now?: () => number;
  logger?: Logger;
}

/** The running recorder. */
export interface LeverageRecorder {
  /** Run one round now (tests, first start); resolves to the venues recorded. */
  round(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Start recording; the first round runs at once. */
export function startLeverageRecorder(o: LeverageRecorderOptions): LeverageRecorder {
  const logger = o.logger ?? pino({ level: 'silent' });
  const now = o.now ?? Date.now;
  const intervalMs = o.intervalMs ?? 5 * 60_000;
  const exchanges = new Map<string, Exchange>();
  for (const id of o.venues) {
    if (isLeverageVenue(id)) exchanges.set(id, createLeverageExchange(id, o.urls?.[id]));
    else logger.warn({ venue: id }, 'open interest is not recorded from this venue; skipped');
  }
  let prunedAt = 0;
  let running: Promise<string[]> | undefined;

  let rolledOnce = false;
  const rollLiquidations = async (at: number) => {
    if (!o.liquidations) return;
    // the first round rolls up every day the liquidation store still keeps; later ones today and yesterday
    const from = rolledOnce ? at - DAY : at - (o.retentionDays ?? 35) * DAY;
    const rows = await o.liquidations.daily(from, at);
    rolledOnce = true;
    const days = new Map<number, { long: number; short: number }>();
    for (const r of rows) {
      const d = days.get(r.day) ?? { long: 0, short: 0 };
      d[r.side] += r.cents / 100;
      days.set(r.day, d);
    }
    for (const [day, d] of days) await o.store.setLiquidationDay(ALL_VENUES, day / DAY, d.long, d.short, at);
  };

  // per venue: the next time a backfill is due (the next UTC day after one ran, an hour after a failure)
  const backfillDue = new Map<string, number>();
  const backfill = async (at: number) => {
    const wanted = o.backfillDays ?? 365;
    if (wanted <= 0) return;
    const yesterday = Math.floor(at / DAY) - 1;
    for (const [id, ex] of exchanges) {
      if (!canBackfill(id) || (backfillDue.get(id) ?? 0) > at) continue;
      const from = yesterday - Math.min(wanted, BACKFILL_VENUES[id]!.maxDays) + 1;
      try {
        const have = await o.store.daysWithOpenInterest(id, from, yesterday);
        let first = from;
        while (first <= yesterday && have.has(first)) first += 1;
        if (first <= yesterday) {
          const rows = await backfillVenue(id, ex, o.coins, first, yesterday, o.quote);
          await o.store.backfill(rows);
          logger.info(
            { venue: id, days: rows.length, from: new Date(first * DAY).toISOString().slice(0, 10) },
            'open interest history backfilled',
          );
        }
        backfillDue.set(id, (yesterday + 2) * DAY);
      } catch (error) {
        logger.warn(
          { venue: id, err: String((error as Error)?.message ?? error) },
          'open interest backfill failed; retrying in an hour',
        );
        backfillDue.set(id, at + 3_600_000);
      }
    }
  };

  const once = async (): Promise<string[]> => {
    if (o.isLeader && !o.isLeader()) return [];
    const at = Math.floor(now() / intervalMs) * intervalMs;
    const results = await Promise.allSettled(
      [...exchanges].map(([id, ex]) => sampleVenue(id, ex, o.coins, at, o.quote)),
    );
    const samples = results.flatMap((r, i) => {
      if (r.status === 'fulfilled') return [r.value];
      logger.warn(
        { venue: [...exchanges.keys()][i], err: String(r.reason?.message ?? r.reason) },
        'open interest sample failed',
      );
      return [];
    });
    await o.store.record(samples);
    await rollLiquidations(at);
    await backfill(at);
    if (at - prunedAt >= 3_600_000) {
      await o.store.prune(at, o.retentionDays ?? 35);
      prunedAt = at;
    }
    return samples.map((s) => s.venue);
  };

  const round = () => {
    running ??= once()
      .catch((error: unknown) => {
        logger.error({ err: String((error as Error)?.message ?? error) }, 'open interest round failed');
        return [];
      })
      .finally(() => (running = undefined));
    return running;
  };
  void round();
  const timer = setInterval(() => void round(), intervalMs);
  return {
    round,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
