// A child process of the scale-out benchmarks (bench/scale-snapshot.ts, bench/scale-fanout.ts), so each whybot
// instance has its own event loop, ccxt exchange and Redis connections, as separate machines would.
//   why SIM_URL REDIS_URL PREFIX COUNT: the real /why path with the snapshot and the rendered charts shared
//     through Redis; prints "ready", waits for "go" on stdin, runs COUNT concurrent /why and prints one JSON line
//     of figures (builds, charts drawn here, the time spent writing articles, latency).
//   worker API_URL REDIS_URL PREFIX RATE: a post worker (Discord over REST only) on the shared queue; prints
//     "ready", posts until SIGTERM, then prints one JSON line with how many it posted.
import { PLATFORMS } from '../src/adapters/platforms.ts';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { commands } from '../commands/index.ts';
import { Dispatcher } from '../src/adapters/dispatcher.ts';
import { createRegistry } from '../src/adapters/registry.ts';
import { createArticleWriter } from '../src/app/article-writer.ts';
import { createServices } from '../src/app/create-services.ts';
import { startPostingAdapters } from '../src/app/posting-adapters.ts';
import { connectRedis } from '../src/cluster/redis.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { startPostWorkers } from '../src/deliver/post-workers.ts';
import { SharedSnapshotStore } from '../src/gather/shared-snapshot.ts';
import { SharedChartStore, sharedChartTtlMs } from '../src/chart/shared-chart-store.ts';
import type { ArticleWriter } from '../src/app/create-services.ts';
import { percentile } from './stats.ts';
import { NOW } from './why-setup.ts';

const [mode, url, redisUrl, prefix, arg] = process.argv.slice(2);
if (!url || !redisUrl || !prefix || !arg)
  throw new Error('usage: scale-out-process why|worker URL REDIS_URL PREFIX COUNT|RATE');
const logger = pino({ level: 'silent' });
const redis = connectRedis(redisUrl);
const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));

if (mode === 'why') {
  const config = loadConfig({ WHYBOT_SENTIMENT: 'off', LOG_LEVEL: 'silent' }, PLATFORMS);
  const shared = new SharedSnapshotStore({ redis, key: `${prefix}:snapshot`, lockMs: 30_000, pollMs: 20 });
  const sharedCharts = new SharedChartStore({
    redis,
    prefix: `${prefix}:chart`,
    ttlMs: sharedChartTtlMs(config.WHYBOT_SNAPSHOT_TTL_SECONDS),
    logger,
  });
  // the article is written per process: time every write, to see whether sharing it would pay
  const write = createArticleWriter(config);
  const writeTimes: number[] = [];
  const writer: ArticleWriter = Object.assign(
    (snapshot: Parameters<ArticleWriter>[0], request: Parameters<ArticleWriter>[1]) => {
      const start = performance.now();
      const article = write(snapshot, request);
      writeTimes.push(performance.now() - start);
      return article;
    },
    { languages: write.languages },
  );
  const services = createServices({
    config,
    writer,
    // BENCH_SHARED_CHARTS=0: each process renders its own charts (the figures before the shared tier)
    ...(process.env.BENCH_SHARED_CHARTS === '0' ? {} : { sharedCharts }),
    now: () => NOW,
    exchangeUrl: url,
    logger,
    shared,
  });
  const dispatcher = new Dispatcher(createRegistry(commands), services, logger);
  const context = {
    platform: 'discord' as const,
    user: { id: '1400000000000000001', name: 'bench' },
    chat: { id: '1300000000000000001', kind: 'group' as const },
    isModerator: async () => false,
  };
  process.stdout.write('ready\n');
  await nextLine();
  const t0 = performance.now();
  const times = await Promise.all(
    Array.from({ length: Number(arg) }, async () => {
      const start = performance.now();
      const reply = await dispatcher.handle('why', { text: '' }, context);
      return { ms: performance.now() - start, ok: reply.kind === 'article' };
    }),
  );
  const wallMs = performance.now() - t0;
  const ms = times.map((t) => t.ms).sort((a, b) => a - b);
  // an article written again once warm (the JIT done): what each process pays per snapshot and form
  const snapshot = await services.snapshot();
  const warm = Array.from({ length: 20 }, () => {
    const start = performance.now();
    write(snapshot, { form: 'short' });
    return performance.now() - start;
  }).sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({
      builds: services.cache.buildCount,
      chartsDrawn: services.charts.drawn,
      chartsFetched: sharedCharts.counts.fetched,
      chartsDrawnAlone: sharedCharts.counts.renderedAlone,
      articles: writeTimes.length,
      articleFirstMs: writeTimes[0] ?? 0,
      articleWarmMs: percentile(warm, 0.5),
      failures: times.filter((t) => !t.ok).length,
      p50: percentile(ms, 0.5),
      p99: percentile(ms, 0.99),
      wallMs,
    })}\n`,
  );
  services.close();
  redis.disconnect();
  lines.close();
} else if (mode === 'worker') {
  const config = loadConfig(
    { DISCORD_TOKEN: 'bench-discord-token', DISCORD_API_URL: url, LOG_LEVEL: 'silent' },
    PLATFORMS,
  );
  const adapters = await startPostingAdapters(config, logger);
  const workers = startPostWorkers({
    url: redisUrl,
    redis,
    prefix,
    posters: adapters.posters,
    perSecond: { discord: Number(arg) },
    groupPerMinute: { telegram: 20 },
    logger,
  });
  let posted = 0;
  for (const w of workers.workers) w.on('completed', () => (posted += 1));
  await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    void workers.stop().then(async () => {
      await adapters.stop();
      process.stdout.write(`${JSON.stringify({ posted })}\n`);
      redis.disconnect();
      process.exit(0);
    });
  });
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
