// The /why path the benchmarks drive: the exchange simulator on a synthetic 60-day market of the five default
// coins (hourly candles, open interest, funding), the real services (ccxt, single-flight snapshot cache,
// analyse, narrate, charts) and the real dispatcher with the real command list, as a chat adapter calls it.
import { PLATFORMS } from '../src/adapters/platforms.ts';
import pino from 'pino';
import { commands } from '../commands/index.ts';
import type { Reply } from '../src/core/reply.ts';
import { Dispatcher, type InvocationContext } from '../src/adapters/dispatcher.ts';
import { createRegistry } from '../src/adapters/registry.ts';
import { createArticleWriter } from '../src/app/article-writer.ts';
import { createServices, type RunningServices } from '../src/app/create-services.ts';
import { loadConfig } from '../src/config/load-config.ts';
import type { Config } from '../src/config/schema.ts';
import { startSimulator, type Simulator } from '../src/simulator/server.ts';
import { syntheticMarket } from '../test/helpers/synthetic-market.ts';

const HOUR = 3_600_000;
export const START = Date.parse('2026-01-01T00:00:00Z');
/** The simulated "now": the end of 60 days of synthetic data. */
export const NOW = START + 60 * 24 * HOUR;

const CONTEXT: InvocationContext = {
  platform: 'discord',
  user: { id: '1400000000000000001', name: 'bench' },
  chat: { id: '1300000000000000001', kind: 'group' },
  isModerator: async () => false,
};

/** A running /why path over the simulator. */
export interface WhyBench {
  sim: Simulator;
  config: Config;
  services: RunningServices;
  dispatcher: Dispatcher;
  /** Run `/why <text>` as a Discord member would; resolves to the reply. */
  ask(text?: string): Promise<Reply>;
  close(): Promise<void>;
}

/** Start the simulator (with `latencyMs` added to every answer) and the services over it. */
export async function startWhyBench(latencyMs = 0): Promise<WhyBench> {
  const sim = await startSimulator({
    data: syntheticMarket({ start: START, hours: 60 * 24 }),
    now: () => NOW,
    latencyMs,
  });
  // WHYBOT_CHART_THREADS from the environment, so a run can compare charts on and off the main thread.
  const threads = process.env.WHYBOT_CHART_THREADS;
  const config = loadConfig(
    {
      WHYBOT_SENTIMENT: 'off',
      LOG_LEVEL: 'silent',
      ...(threads ? { WHYBOT_CHART_THREADS: threads } : {}),
    },
    PLATFORMS,
  );
  const logger = pino({ level: 'silent' });
  const services = createServices({
    config,
    writer: createArticleWriter(config),
    now: () => NOW,
    exchangeUrl: sim.url,
    logger,
  });
  const dispatcher = new Dispatcher(createRegistry(commands), services, logger);
  return {
    sim,
    config,
    services,
    dispatcher,
    ask: (text = '') => dispatcher.handle('why', { text }, CONTEXT),
    async close() {
      services.close();
      await services.charts.close();
      await sim.close();
    },
  };
}
