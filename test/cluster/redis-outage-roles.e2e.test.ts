// Two real `whybot start --role chat` processes (test/helpers/role-process.ts) on one Redis behind a TCP proxy
// (test/fakes/tcp-proxy.ts), each answering Telegram by webhook: while Redis is black-holed each still answers
// /why with an article built from its own snapshot and says so once; when Redis is back each says so once.
// Runs when REDIS_URL_TEST is set.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/cluster/redis.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';
import { RoleProcesses, until } from '../helpers/role-process.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { tempDir } from '../helpers/testkit.ts';

const HOUR = 3_600_000;
const START = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 24 * HOUR;
const SECRET = 'outage-hook-secret';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(REDIS_URL_TEST === undefined)('two chat processes through a Redis outage', () => {
  let sim: Simulator;
  let telegram: FakeTelegram;
  let proxy: TcpProxy;
  const dir = tempDir('whybot-redis-outage-');
  const prefix = testPrefix();
  const processes = new RoleProcesses();

  beforeAll(async () => {
    sim = await startSimulator({ data: syntheticMarket({ start: START, hours: 40 * 24 }), now: () => Date.now() });
    telegram = await startFakeTelegram();
    proxy = await startTcpProxy(REDIS_URL_TEST!);
  });
  afterAll(async () => {
    processes.killAll();
    await proxy?.close();
    const redis = connectRedis(REDIS_URL_TEST!);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await telegram?.close();
    await sim?.close();
    dir.cleanup();
  });

  const repliesTo = (chat: number) =>
    telegram.callsOf('sendMessage').filter((c) => String(c.fields.chat_id) === String(chat));
  const ask = (port: number, chatId: number) =>
    fetch(`http://127.0.0.1:${port.toString()}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(telegram.userUpdate({ chatId, text: '/why' })),
    });

  it('each answers /why from its own snapshot while Redis is black-holed, and says the outage and the return once', async () => {
    const ports = [await freePort(), await freePort()];
    const started = ports.map((port) =>
      processes.spawn('chat', {
        REDIS_URL: proxy.url,
        WHYBOT_REDIS_PREFIX: prefix,
        WHYBOT_DB_PATH: `${dir.path}/whybot.sqlite`,
        TELEGRAM_TOKEN: '1:outage',
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_WEBHOOK_PORT: port.toString(),
        TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
        WHYBOT_EXCHANGE_URL: sim.url,
        WHYBOT_COINS: 'BTC,ETH',
        WHYBOT_SENTIMENT: 'off',
        WHYBOT_ALERTS: 'off',
        WHYBOT_COLLECTOR: 'off',
        LOG_LEVEL: 'info',
      }),
    );
    for (const p of started)
      expect(await until(() => p.lines.some((l) => l.msg === 'whybot is running'), 90_000)).toBe(true);

    await proxy.set('blackhole');
    for (const [i, port] of ports.entries()) expect((await ask(port, 8100 + i)).status).toBe(200);
    for (const i of [0, 1]) expect(await until(() => repliesTo(8100 + i).length > 0, 60_000)).toBe(true);
    for (const i of [0, 1]) {
      const text = String(repliesTo(8100 + i)[0]!.fields.text);
      expect(text).toMatch(/Bitcoin|BTC/);
      expect(text).not.toMatch(/Sorry|can't reach|maxRetries|127\.0\.0\.1/);
    }
    // more /why during the outage: still answered, and the outage said once per process
    for (const [i, port] of ports.entries()) await ask(port, 8200 + i);
    for (const i of [0, 1]) expect(await until(() => repliesTo(8200 + i).length > 0, 60_000)).toBe(true);
    for (const p of started)
      expect(p.lines.filter((l) => String(l.msg).startsWith('Redis is unreachable'))).toHaveLength(1);

    await proxy.set('forward');
    for (const p of started)
      expect(await until(() => p.lines.some((l) => String(l.msg).startsWith('Redis is reachable again')), 30_000)).toBe(
        true,
      );
    for (const p of started) {
      p.child.kill('SIGTERM');
      await p.exited();
    }
  }, 240_000);
});
