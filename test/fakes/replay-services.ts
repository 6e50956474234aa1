// Test helper: the real WhyServices (ccxt against the exchange simulator replaying real Binance klines,
// analyse, narrate with the repository's templates). Until src/app/article-writer.ts lands, the writer is
// composed here from analyseMarket + writeArticle; switch to startRuntime() once it exists.
import { fileURLToPath } from 'node:url';
import { analyseMarket } from '../../src/analyse/index.ts';
import { createServices, type RunningServices } from '../../src/app/create-services.ts';
import { startReplay } from '../../src/app/replay.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { writeArticle } from '../../src/narrate/write-article.ts';

/** Real Binance USD-M BTCUSDT hourly klines, August 2024 (a crash on the 5th). */
export const AUGUST_2024_CSV = fileURLToPath(new URL('../fixtures/BTCUSDT-1h-2024-08.csv', import.meta.url));

/** Start a replay at `atIso` and the real services over it. Close it after the test. */
export async function replayServices(atIso: string): Promise<{ services: RunningServices; close(): Promise<void> }> {
  const replay = await startReplay([AUGUST_2024_CSV], Date.parse(atIso));
  const templates = loadTemplates();
  const config = loadConfig({ WHYBOT_COINS: 'BTC', LOG_LEVEL: 'silent' });
  const services = createServices({
    config,
    writer: (snapshot, request) =>
      writeArticle(analyseMarket(snapshot, { now: replay.info.at, ...(request.coin === undefined ? {} : { coin: request.coin }) }), templates, { form: request.form }),
    now: () => replay.info.at,
    exchangeUrl: replay.simulator.url,
    replay: replay.info,
  });
  return {
    services,
    async close() {
      services.close();
      await replay.close();
    },
  };
}
