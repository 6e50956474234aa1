// Test helper: the real WhyServices (ccxt against the exchange simulator replaying real Binance klines,
// analyse, narrate with the repository's templates, the chart maker), built as the runtime builds them.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { fileURLToPath } from 'node:url';
import { createArticleWriter } from '../../src/app/article-writer.ts';
import { createServices, type RunningServices, type ServicesOptions } from '../../src/app/create-services.ts';
import type { Logger } from '../../src/app/logger.ts';
import { startReplay } from '../../src/app/replay.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';

/** Real Binance USD-M BTCUSDT hourly klines, August 2024 (a crash on the 5th). */
export const AUGUST_2024_CSV = fileURLToPath(
  new URL('../../examples/binance/spot/BTCUSDT-1h-2024-08.csv', import.meta.url),
);

/** Extra settings: configuration overrides, a logger, and snapshot sources (e.g. liquidations, which replays have none of by default). */
export interface ReplayServicesOptions {
  env?: Record<string, string>;
  /** Values forced in after validation (to reach failure paths the settings themselves never let through). */
  force?: Partial<Config>;
  logger?: Logger;
  sources?: ServicesOptions['sources'];
  /** The kline files to replay (default: the August 2024 spot file). */
  files?: string[];
}

/** Start a replay at `atIso` and the real services over it. Close it after the test. */
export async function replayServices(
  atIso: string,
  options: ReplayServicesOptions = {},
): Promise<{ services: RunningServices; close(): Promise<void> }> {
  const replay = await startReplay(options.files ?? [AUGUST_2024_CSV], Date.parse(atIso));
  const config = {
    ...loadConfig({ WHYBOT_COINS: 'BTC', LOG_LEVEL: 'silent', ...options.env }, PLATFORMS),
    ...options.force,
  };
  const services = createServices({
    config,
    writer: createArticleWriter(config),
    now: () => replay.info.at,
    exchangeUrl: replay.simulator.url,
    replay: replay.info,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.sources ? { sources: options.sources } : {}),
  });
  return {
    services,
    async close() {
      services.close();
      await replay.close();
    },
  };
}
