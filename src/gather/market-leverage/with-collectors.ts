// Runs the open-interest recorder beside the liquidation collectors (the collector role), recording only while
// they hold the database's collector lease, and stopping with them. Its venues are WHYBOT_OI_EXCHANGES (Hyperliquid
// publishes open interest but no liquidation feed), backfilled WHYBOT_OI_BACKFILL_DAYS back; base URL (WHYBOT_LIQ_URL) and retention
// (WHYBOT_LIQ_RETENTION_DAYS) are the collectors' own.
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.ts';
import type { LiquidationRepo } from '../../store/liquidations/repo.ts';
import { MarketHistoryStore } from '../../store/market-history/store.ts';
import type { SqlRunner } from '../../store/sql-runner.ts';
import type { Collectors } from '../liquidations/collectors.ts';
import { startLeverageRecorder } from './recorder.ts';

/** What the recorder needs besides the collectors. */
export interface RecorderSetup {
  config: Pick<
    Config,
    | 'WHYBOT_OI_EXCHANGES'
    | 'WHYBOT_OI_BACKFILL_DAYS'
    | 'WHYBOT_COINS'
    | 'WHYBOT_QUOTE'
    | 'WHYBOT_LIQ_RETENTION_DAYS'
    | 'WHYBOT_LIQ_URL'
  >;
  sql: SqlRunner;
  liquidations: LiquidationRepo;
  logger?: Logger;
}

/** The same collectors, now also recording open interest and funding; `stop()` stops both. */
export function withLeverageRecorder(collectors: Collectors, setup: RecorderSetup): Collectors {
  const { config } = setup;
  const url = config.WHYBOT_LIQ_URL;
  const recorder = startLeverageRecorder({
    venues: config.WHYBOT_OI_EXCHANGES,
    coins: config.WHYBOT_COINS,
    quote: config.WHYBOT_QUOTE,
    store: new MarketHistoryStore(setup.sql),
    liquidations: setup.liquidations,
    retentionDays: config.WHYBOT_LIQ_RETENTION_DAYS,
    backfillDays: config.WHYBOT_OI_BACKFILL_DAYS,
    ...(url ? { urls: Object.fromEntries(config.WHYBOT_OI_EXCHANGES.map((id) => [id, url])) } : {}),
    isLeader: () => collectors.active,
    ...(setup.logger ? { logger: setup.logger } : {}),
  });
  return {
    get active() {
      return collectors.active;
    },
    ready: collectors.ready,
    status: () => collectors.status(),
    flush: () => collectors.flush(),
    async stop() {
      await Promise.all([recorder.stop(), collectors.stop()]);
    },
  };
}
