// `whybot start` (and `npm start`): runs the bot until its adapters end or SIGINT/SIGTERM arrives.
import type { Logger } from '../app/logger.ts';
import { runBot } from '../app/run-bot.ts';
import type { Runtime } from '../app/runtime.ts';
import type { Config } from '../config/schema.ts';
import { collectorSettings, startCollectors } from '../gather/liquidations/collectors.ts';

/** Run the bot; resolves to the exit code once it has stopped cleanly. */
export async function runStart(config: Config, runtime: Runtime, logger: Logger): Promise<number> {
  // Liquidations are collected in-process unless a separate `whybot collect` does it (or this is a replay).
  const collectors =
    config.WHYBOT_COLLECTOR === 'on' && !runtime.replay
      ? startCollectors({ ...collectorSettings(config), store: runtime.liquidations, logger })
      : undefined;
  const bot = await runBot(config, runtime.services, { logger }).catch(async (error: unknown) => {
    await collectors?.stop();
    throw error;
  });
  logger.info({ adapters: bot.adapters, replay: runtime.replay !== undefined }, 'whybot is running');
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const reason = await Promise.race([bot.finished.then(() => 'adapters finished'), signalled]);
  logger.info({ reason }, 'stopping');
  await bot.stop();
  await collectors?.stop();
  return 0;
}
