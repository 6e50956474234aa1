// Benchmark (j): the CPU the first /why of a process costs before its answer (target <= 0.8 s), with the exchange
// simulator in a process of its own (bench/sim-child.ts), so the figure is the bot's alone: its main thread and
// its chart thread (process.cpuUsage counts every thread). Start-up work done before the first /why (loading
// modules, parsing the article templates, starting the chart thread) is reported apart. Then the CPU of a /why
// after the snapshot expired. Run alone: npx tsx bench/why-cpu.ts
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { commands } from '../commands/index.ts';
import { Dispatcher, type InvocationContext } from '../src/adapters/dispatcher.ts';
import { createRegistry } from '../src/adapters/registry.ts';
import { createArticleWriter } from '../src/app/article-writer.ts';
import { createServices } from '../src/app/create-services.ts';
import { PLATFORMS } from '../src/adapters/platforms.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { isMain, reportSection, type SectionResults } from './section.ts';
import { round } from './stats.ts';
import { NOW } from './why-setup.ts';

const CONTEXT: InvocationContext = {
  platform: 'discord',
  user: { id: '1400000000000000001', name: 'bench' },
  chat: { id: '1300000000000000001', kind: 'group' },
  isModerator: async () => false,
};

/** CPU of this process (every thread) since `from`, ms. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

/** Run benchmark (j). */
export async function benchWhyCpu(): Promise<SectionResults> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('sim-child.ts', import.meta.url)), '100'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    const [first] = (await once(child.stdout!, 'data')) as [Buffer];
    const url = first.toString().trim().split('\n')[0]!;
    const startup = process.cpuUsage();
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
      exchangeUrl: url,
      logger,
    });
    const dispatcher = new Dispatcher(createRegistry(commands), services, logger);
    await services.warm(); // as `whybot start` does once its adapters are connected
    const startupMs = cpuMs(startup);
    try {
      const before = process.cpuUsage();
      const reply = await dispatcher.handle('why', { text: '' }, CONTEXT);
      const coldMs = cpuMs(before);
      if (reply.kind !== 'article') throw new Error(`cold /why did not answer with an article: ${reply.kind}`);
      await services.cache.clear();
      const again = process.cpuUsage();
      await dispatcher.handle('why', { text: '' }, CONTEXT);
      return {
        'cold.cpu_ms': round(coldMs, 0),
        'cold.startup_cpu_ms': round(startupMs, 0),
        'expired.cpu_ms': round(cpuMs(again), 0),
      };
    } finally {
      services.close();
      await services.charts.close();
    }
  } finally {
    child.stdin!.end();
    await once(child, 'exit');
  }
}

if (isMain(import.meta.url)) await reportSection(benchWhyCpu);
