// Redis down (a closed port) or black-holed (a server that accepts and never answers) with REDIS_URL set, through
// the real runtime and the real ioredis client behind a proxy (test/fakes/tcp-proxy.ts): /why is answered from
// this process's own snapshot (the market is reachable), the outage is logged once however many /why come, the
// health check names Redis, and when Redis is back the process says so once and shares its snapshot again.
// Before the guard (src/cluster/redis-guard.ts) the black hole held every /why for good and the closed port
// answered "can't reach the market data (...maxRetriesPerRequest...)". Runs when REDIS_URL_TEST is set.
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/app/runtime.ts';
import { dependencyStates } from '../../src/app/start-health-server.ts';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix, testRedis } from '../helpers/redis-test.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { memoryLogger, waitUntil } from '../helpers/testkit.ts';

const HOUR = 3_600_000;
const START = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 24 * HOUR;

describe.skipIf(REDIS_URL_TEST === undefined)('Redis down or black-holed with REDIS_URL set', () => {
  let sim: Simulator;
  let proxy: TcpProxy | undefined;
  let runtime: Runtime | undefined;
  const prefix = testPrefix();

  beforeAll(async () => {
    sim = await startSimulator({ data: syntheticMarket({ start: START, hours: 40 * 24 }), now: () => Date.now() });
  });
  afterEach(async () => {
    await runtime?.close();
    await proxy?.close();
    runtime = undefined;
    proxy = undefined;
  });
  afterAll(async () => {
    const redis = testRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await sim?.close();
  });

  for (const mode of ['blackhole', 'closed'] as const) {
    it(`answers /why from its own snapshot while Redis is ${mode === 'closed' ? 'down (closed port)' : 'black-holed'}, says so once, and shares again once Redis is back`, async () => {
      proxy = await startTcpProxy(REDIS_URL_TEST!, mode);
      const { logger, lines } = memoryLogger('info');
      const config = loadConfig(
        {
          REDIS_URL: proxy.url,
          WHYBOT_REDIS_PREFIX: `${prefix}-${mode}`,
          WHYBOT_EXCHANGE_URL: sim.url,
          WHYBOT_COINS: 'BTC,ETH',
          WHYBOT_SENTIMENT: 'off',
          WHYBOT_DB_PATH: ':memory:',
        },
        PLATFORMS,
      );
      runtime = await startRuntime({ config, logger });
      const { services } = runtime;
      // a burst of /why at the start of the outage, then more: every one answered with the market's prices
      const answers = await Promise.all(Array.from({ length: 20 }, () => services.explain({ form: 'short' })));
      for (const a of answers) expect(a.snapshot.tickers.ok).toBe(true);
      await services.cache.clear().catch(() => undefined);
      expect((await services.explain({ form: 'full', coin: 'ETH' })).snapshot.tickers.ok).toBe(true);
      expect(services.cache.buildCount).toBe(2);
      // said once, whatever failed first (the pause, the snapshot or a chart)
      const outage = lines.filter((l) => String(l.msg).startsWith('Redis is unreachable'));
      expect(outage).toHaveLength(1);
      expect(outage[0]).toMatchObject({ level: 40, dependency: 'redis' });
      // the health check names Redis, not the market
      expect(dependencyStates({ redis: runtime.redis! })()).toEqual([
        expect.objectContaining({ name: 'Redis', ok: false, reason: expect.any(String) }),
      ]);

      // Redis is back: said once, and the next snapshot is shared through it again
      await proxy.set('forward');
      await waitUntil(
        () => lines.some((l) => String(l.msg).startsWith('Redis is reachable again')),
        'the return of Redis',
        20_000,
      );
      expect(dependencyStates({ redis: runtime.redis! })()).toEqual([{ name: 'Redis', ok: true }]);
      await services.cache.clear();
      await services.explain({ form: 'short' });
      const redis = testRedis();
      try {
        expect(await redis.exists(`${prefix}-${mode}:snapshot:binanceusdm:USDT:BTC,ETH`)).toBe(1);
      } finally {
        redis.disconnect();
      }
      expect(lines.filter((l) => String(l.msg).startsWith('Redis is unreachable'))).toHaveLength(1);
      expect(lines.filter((l) => String(l.msg).startsWith('Redis is reachable again'))).toHaveLength(1);
    }, 60_000);
  }
});
