// No internal host, port or library error text reaches a chat. Through the real runtime (real pg and ioredis
// behind a TCP proxy that closes its port) and the real commands: during a PostgreSQL outage /liqs, /status and
// /why say the liquidation store is unreachable, without the database's address or the driver's words; during a
// Redis outage /why answers from the process's own snapshot without ioredis's words. The health check (an
// operator's view) names PostgreSQL. Runs when DATABASE_URL_TEST and REDIS_URL_TEST are set.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/app/runtime.ts';
import { dependencyStates } from '../../src/app/start-health-server.ts';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openPg } from '../../src/store/pg/pg-db.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.ts';
import { REDIS_URL_TEST } from '../helpers/redis-test.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { memoryLogger, testBot, waitUntil } from '../helpers/testkit.ts';
import { PG_URL, urlInSchema } from '../store/engines.ts';

const HOUR = 3_600_000;
const START = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 24 * HOUR;

/** What must never show in a chat: the proxies' addresses and ports, and the libraries' own words. */
function internals(proxies: TcpProxy[]): RegExp {
  const ports = proxies.map((p) => p.port.toString()).join('|');
  return new RegExp(
    `127\\.0\\.0\\.1|localhost|${ports}|ECONN|maxRetriesPerRequest|ioredis|Connection is closed|postgres(ql)?:|timeout exceeded`,
    'i',
  );
}

describe.skipIf(PG_URL === undefined || REDIS_URL_TEST === undefined)('internal details never reach a chat', () => {
  let sim: Simulator;
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let runtime: Runtime;
  const schema = `whybot_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const log = memoryLogger('info');

  beforeAll(async () => {
    sim = await startSimulator({ data: syntheticMarket({ start: START, hours: 40 * 24 }), now: () => Date.now() });
    await (await openPg(PG_URL!, { schema })).close(); // creates the schema
    pgProxy = await startTcpProxy(PG_URL!);
    redisProxy = await startTcpProxy(REDIS_URL_TEST!);
    const config = loadConfig(
      {
        DATABASE_URL: urlInSchema(pgProxy.url, schema),
        REDIS_URL: redisProxy.url,
        WHYBOT_REDIS_PREFIX: `whybot-test-${schema}`,
        WHYBOT_EXCHANGE_URL: sim.url,
        WHYBOT_COINS: 'BTC,ETH',
        WHYBOT_SENTIMENT: 'off',
        WHYBOT_SNAPSHOT_TTL_SECONDS: '5',
      },
      PLATFORMS,
    );
    runtime = await startRuntime({ config, logger: log.logger });
  });
  afterAll(async () => {
    await runtime?.close();
    await pgProxy?.close();
    await redisProxy?.close();
    await sim?.close();
    const db = await openPg(PG_URL!);
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  });

  it('says the liquidation store is unreachable during a PostgreSQL outage, without its address or the driver text', async () => {
    await pgProxy.set('closed');
    await runtime.services.cache.clear();
    const bot = testBot({ services: runtime.services });
    const liqs = bot.text(await bot.say('/liqs'));
    const status = bot.text(await bot.say('/status'));
    const why = bot.text(await bot.say('/why'));
    expect(liqs).toContain('Liquidation totals are unavailable right now (store unavailable: unreachable)');
    expect(status).toContain('Liquidations: unavailable (store unavailable: unreachable)');
    expect(why).toMatch(/BTC/);
    for (const text of [liqs, status, why]) expect(text).not.toMatch(internals([pgProxy, redisProxy]));
    // the operator's view names the database (its detail stays there and in the log)
    const states = dependencyStates({ postgres: runtime.storage.sql });
    states();
    await waitUntil(() => states().some((d) => d.name === 'PostgreSQL' && !d.ok), 'the probe to see PostgreSQL down');
    await pgProxy.set('forward');
  }, 60_000);

  it('answers /why during a Redis outage without ioredis text', async () => {
    await redisProxy.set('closed');
    await runtime.services.cache.clear().catch(() => undefined);
    const bot = testBot({ services: runtime.services });
    const why = bot.text(await bot.say('/why eth'));
    expect(why).toMatch(/ETH/);
    expect(why).not.toMatch(/Sorry|something went wrong/);
    expect(why).not.toMatch(internals([pgProxy, redisProxy]));
    const status = bot.text(await bot.say('/status'));
    expect(status).not.toMatch(internals([pgProxy, redisProxy]));
    await redisProxy.set('forward');
  }, 60_000);
});
