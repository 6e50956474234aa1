// Drop alerts from three real whybot processes on one database and one Redis: two `--role collector` (whichever
// leads watches the live price feed and steps the rules) and one `--role worker` (posts to the fake Telegram from
// the shared queue). BTC falls past -3% in an hour: one alert. The leader is killed with SIGKILL; the other
// collector takes over, and as the drop deepens past -5% the chat hears of it once more, never twice per band.
// Runs when REDIS_URL_TEST is set: on PostgreSQL when DATABASE_URL_TEST is set too (as CI does), else SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/cluster/redis.ts';
import { DEFAULT_ALERT_RULES } from '../../src/core/alert-rule.ts';
import type { Candle } from '../../src/gather/types.ts';
import { PriceFeed } from '../../src/simulator/price-feed.ts';
import { startSimulator, type Simulator } from '../../src/simulator/server.ts';
import type { Storage } from '../../src/store/open-storage.ts';
import { AlertStore } from '../../src/store/schedules/alert-store.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';
import { RoleProcesses, until } from '../helpers/role-process.ts';
import { syntheticMarket } from '../helpers/synthetic-market.ts';
import { PG_URL, postgresEngine, sqliteEngine, urlInSchema } from '../store/engines.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const CHAT = { platform: 'telegram' as const, channel: '-1007', kind: 'group' as const };
const BTC = 60_000;
const engine = PG_URL === undefined ? sqliteEngine : postgresEngine;

/** Flat 1m candles at `price` over [from, to). */
function flat(price: number, from: number, to: number): Candle[] {
  const out: Candle[] = [];
  for (let t = from; t < to; t += MIN) out.push({ t, o: price, h: price, l: price, c: price, v: 10 });
  return out;
}

describe.skipIf(REDIS_URL_TEST === undefined)(`drop alerts from role processes on one ${engine.name} database`, () => {
  let sim: Simulator;
  let data: ReturnType<typeof syntheticMarket>;
  let feed: PriceFeed;
  let telegram: FakeTelegram;
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let pusher: ReturnType<typeof setInterval> | undefined;
  const prefix = testPrefix();
  const processes = new RoleProcesses();

  beforeAll(async () => {
    const now = Date.now();
    const start = Math.floor(now / HOUR) * HOUR - 35 * 24 * HOUR;
    data = syntheticMarket({ coins: { BTC, ETH: 3_000 }, start, hours: 35 * 24 + 1, intervalMs: 300_000 });
    // the last hours, to the minute, at a flat price: the drop is measured from these
    data.addCandles('BTCUSDT', MIN, flat(BTC, now - 4 * HOUR, now + HOUR));
    data.addCandles('ETHUSDT', MIN, flat(3_000, now - 4 * HOUR, now + HOUR));
    sim = await startSimulator({ data, now: () => Date.now() });
    feed = await PriceFeed.start();
    telegram = await startFakeTelegram();
    const place = engine.place();
    cleanup = place.cleanup;
    storage = await place.open();
  });
  afterAll(async () => {
    if (pusher) clearInterval(pusher);
    processes.killAll();
    const redis = connectRedis(REDIS_URL_TEST!);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await storage?.close();
    await cleanup?.();
    await feed?.close();
    await telegram?.close();
    await sim?.close();
  });

  it('posts each band of a drop once, across a SIGKILLed leader', async () => {
    await new AlertStore(storage.sql).subscribe(CHAT, [DEFAULT_ALERT_RULES[0]!], 'mod'); // BTC -3% within 1 h
    const env = {
      ...(storage.pg ? { DATABASE_URL: urlInSchema(PG_URL!, storage.pg.schema!) } : { WHYBOT_DB_PATH: storage.where }),
      TELEGRAM_TOKEN: '1:alerts',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      REDIS_URL: REDIS_URL_TEST!,
      WHYBOT_REDIS_PREFIX: prefix,
      WHYBOT_LEADER_LOCK_SECONDS: '2',
      WHYBOT_EXCHANGE_URL: sim.url,
      WHYBOT_PRICE_WS_URL: feed.url,
      WHYBOT_COINS: 'BTC,ETH',
      WHYBOT_SENTIMENT: 'off',
      WHYBOT_COLLECTOR: 'off',
      // a deeper band is posted as soon as it is reached (by default it waits 10 minutes after the last post)
      WHYBOT_ALERT_ESCALATION_GAP_MINUTES: '0',
      LOG_LEVEL: 'info',
    };
    // the market as the feed tells it, every 200 ms: BTC at `price`, ETH flat; the REST candle of the minute
    // agrees (a new leader backfills its price history from it)
    let price = BTC;
    pusher = setInterval(() => {
      const at = Date.now();
      const minute = Math.floor(at / MIN) * MIN;
      data.addCandles('BTCUSDT', MIN, [{ t: minute, o: BTC, h: BTC, l: Math.min(BTC, price), c: price, v: 10 }]);
      feed.push(
        { symbol: 'ETHUSDT', close: 3_000, open: 3_000, at },
        { symbol: 'BTCUSDT', close: price, open: BTC, at },
      );
    }, 200);
    const worker = processes.spawn('worker', env);
    const collectors = [processes.spawn('collector', env), processes.spawn('collector', env)];
    expect(await until(() => collectors.some((c) => c.leads()), 60_000)).toBe(true);
    await feed.waitForSubscription('btcusdt@miniTicker', 60_000);
    const alerts = () =>
      [...telegram.callsOf('sendMessage'), ...telegram.callsOf('sendPhoto'), ...telegram.callsOf('editMessageText')]
        .map((c) => ({ chat: String(c.fields.chat_id), text: String(c.fields.text ?? c.fields.caption ?? '') }))
        .filter((c) => c.chat === CHAT.channel && c.text.includes('Drop alert'));
    const crossed = (p: { lines: Array<Record<string, unknown>> }) =>
      p.lines.some((l) => l.msg === 'drop alert: rule crossed');

    price = BTC * 0.968; // -3.2%: past the first band
    expect(await until(() => alerts().length >= 1, 90_000)).toBe(true);
    const leader = collectors.find((c) => c.leads())!;
    expect(crossed(leader)).toBe(true);
    const acceptedBefore = feed.connectionsAccepted;
    leader.child.kill('SIGKILL');
    const other = collectors.find((c) => c !== leader)!;
    expect(await until(() => other.leads(), 30_000)).toBe(true);
    // the new leader watches the feed for itself
    await feed.waitFor((f) => f.connectionsAccepted > acceptedBefore, 'the new leader to subscribe', 60_000);
    // a few seconds more at the same level: the band was posted already, nothing more
    await new Promise((r) => setTimeout(r, 3_000));
    expect(alerts()).toHaveLength(1);

    price = BTC * 0.948; // -5.2%: the second band
    expect(await until(() => alerts().length >= 2, 90_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(alerts()).toHaveLength(2);
    expect(alerts()[0]!.text).toContain('-3.2%');
    expect(alerts()[1]!.text).toContain('5.2%');
    // one record per band: the second sent; the first sent too, or still 'claimed' when the leader was killed
    // after the worker posted it but before the outcome reached it (never claimed again: the band is remembered)
    const { rows } = await storage.sql.query<{ band: number; status: string }>(
      'SELECT band, status FROM alert_posts WHERE channel = $1 ORDER BY band',
      [CHAT.channel],
    );
    expect(rows.map((r) => r.band)).toEqual([1, 2]);
    expect(['sent', 'claimed']).toContain(rows[0]!.status);
    expect(rows[1]!.status).toBe('sent');
    expect(crossed(other)).toBe(false); // it stepped the shared episode deeper, never opened one of its own
    expect(other.lines.some((l) => l.msg === 'drop alert: move deepened')).toBe(true);
    // posted by the worker, which runs no scheduler: the second band edits the first message in place, or is posted
    // anew when the killed leader died before it recorded that message's id
    expect(worker.lines.filter((l) => l.msg === 'posted' || l.msg === 'edited')).toHaveLength(2);
    for (const c of [worker, other]) c.child.kill('SIGTERM');
    await Promise.all([worker, other].map((c) => c.exited()));
  }, 300_000);
});
