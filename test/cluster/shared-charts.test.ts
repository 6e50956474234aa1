// Rendered charts shared through the real Redis: two chart makers (two separate caches and connections, as two
// processes would have) asked for the same chart of the same snapshot at once draw it once between them; another
// snapshot draws again; a render lock held by a stalled process, or a holder whose render fails, delays nobody
// for long; and with Redis unreachable each process draws for itself and says so once. Runs when REDIS_URL_TEST
// is set.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createArticleWriter } from '../../src/app/article-writer.ts';
import { createChartMaker, type ChartMaker } from '../../src/app/charts.ts';
import { chartInputFromSnapshot, renderPriceChartAsync } from '../../src/chart/index.ts';
import { SharedChartStore, sharedChartTtlMs } from '../../src/chart/shared-chart-store.ts';
import { connectRedis } from '../../src/cluster/redis.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { PNG_SIGNATURE } from '../chart/png-helpers.ts';
import { augustSnapshot } from '../helpers/kline-snapshot.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { loadLanguages } from '../../src/app/languages.ts';

const languages = loadLanguages();

const snapshot = augustSnapshot('2024-08-05T07:00:00Z');
const write = createArticleWriter(loadConfig({ WHYBOT_COINS: 'BTC', LOG_LEVEL: 'silent' }, PLATFORMS));
const article = write(snapshot, { form: 'short' });

describe.skipIf(REDIS_URL_TEST === undefined)('charts shared through Redis', () => {
  let prefix: string;
  const connections: Redis[] = [];
  const makers: ChartMaker[] = [];

  /** One process's chart store: its own Redis connection. */
  const store = (options: { url?: string; waitMs?: number } = {}) => {
    const redis = connectRedis(options.url ?? REDIS_URL_TEST!);
    connections.push(redis);
    const log = memoryLogger();
    const shared = new SharedChartStore({
      redis,
      prefix: `${prefix}:chart`,
      ttlMs: sharedChartTtlMs(60),
      pollMs: 10,
      ...(options.waitMs ? { waitMs: options.waitMs } : {}),
      logger: log.logger,
    });
    return { shared, redis, lines: log.lines };
  };
  /** One process's chart maker: its own in-process cache in front of its own store. */
  const process = (options: { url?: string } = {}) => {
    const s = store(options);
    const charts = createChartMaker({ languages, cacheSize: 8, width: 800, height: 450, threads: 0, shared: s.shared });
    makers.push(charts);
    return { charts, ...s };
  };
  const btc = (snap = snapshot) => ({ snapshot: snap, coin: 'BTC', days: 7, article });

  beforeEach(() => {
    prefix = testPrefix();
  });
  afterEach(async () => {
    for (const m of makers.splice(0)) await m.close();
    const cleaner = connectRedis(REDIS_URL_TEST!);
    await deletePrefix(cleaner, prefix);
    cleaner.disconnect();
    for (const r of connections.splice(0)) r.disconnect();
  });

  it('two processes asking for the same chart of the same snapshot at once draw it once between them', async () => {
    const [a, b] = [process(), process()];
    const files = await Promise.all([
      ...Array.from({ length: 20 }, () => a.charts.draw(btc())),
      ...Array.from({ length: 20 }, () => b.charts.draw(btc())),
    ]);
    expect(a.charts.drawn + b.charts.drawn).toBe(1);
    expect(a.shared.counts.rendered + b.shared.counts.rendered).toBe(1);
    expect(a.shared.counts.fetched + b.shared.counts.fetched).toBe(1);
    // both serve the same image
    expect(Array.from(files[0]!.data.slice(0, 8))).toEqual(PNG_SIGNATURE);
    for (const f of files) expect(Buffer.from(f!.data).equals(Buffer.from(files[0]!.data))).toBe(true);
    // stored with an expiry a little past the snapshot's
    const [key] = await a.redis.keys(`${prefix}:chart:*`);
    expect(key).toContain(`:${snapshot.exchange}:${snapshot.builtAt}:replay-${snapshot.replay!.at}:`);
    const pttl = await a.redis.pttl(key!);
    expect(pttl).toBeGreaterThan(60_000);
    expect(pttl).toBeLessThanOrEqual(120_000);
    // a third process, started later, draws nothing
    const c = process();
    expect(Buffer.from((await c.charts.draw(btc()))!.data).equals(Buffer.from(files[0]!.data))).toBe(true);
    expect(c.charts.drawn).toBe(0);
  });

  it('draws again for another snapshot, and for another chart of the same one', async () => {
    const [a, b] = [process(), process()];
    await Promise.all([a.charts.draw(btc()), b.charts.draw(btc())]);
    const next = { ...snapshot, builtAt: snapshot.builtAt + 60_000 };
    await Promise.all([a.charts.draw(btc(next)), b.charts.draw(btc(next))]);
    expect(a.charts.drawn + b.charts.drawn).toBe(2);
    // the same candles without the article's level lines
    const bare = { snapshot, coin: 'BTC', days: 7 };
    await Promise.all([a.charts.draw(bare), b.charts.draw(bare)]);
    expect(a.charts.drawn + b.charts.drawn).toBe(3);
  });

  it('with Redis unreachable, still draws every chart in this process and says so once', async () => {
    const a = process({ url: 'redis://127.0.0.1:1' });
    const short = await a.charts.draw(btc());
    const full = await a.charts.draw({ snapshot, coin: 'BTC', days: 7 });
    expect(Array.from(short!.data.slice(0, 8))).toEqual(PNG_SIGNATURE);
    expect(Array.from(full!.data.slice(0, 8))).toEqual(PNG_SIGNATURE);
    expect(a.charts.drawn).toBe(2);
    expect(a.shared.counts.renderedAlone).toBe(2);
    expect(a.lines.filter((l) => String(l.msg).includes('shared chart cache (Redis) unavailable'))).toHaveLength(1);
  });

  it('a render lock held by a stalled process delays a chart by waitMs at most, then it is drawn here', async () => {
    const a = store({ waitMs: 200 });
    const input = chartInputFromSnapshot(snapshot, 'BTC', { days: 7, width: 800, height: 450 })!;
    const key = a.shared.key(snapshot, input);
    await a.redis.set(`${key}:lock`, 'stalled-process#1', 'PX', 60_000);
    const reads = vi.spyOn(a.redis, 'getBuffer');
    let renders = 0;
    let readsBeforeRender = 0;
    const png = await a.shared.get(snapshot, input, () => {
      renders += 1;
      readsBeforeRender = reads.mock.calls.length;
      return renderPriceChartAsync(input);
    });
    // it looked for the holder's chart every pollMs (10 ms) until waitMs (200 ms) ran out: at most 200 / 10 + 1
    // looks, however slow the machine (waiting out the 60 s lock would be some 6,000)
    expect(readsBeforeRender).toBeGreaterThanOrEqual(1);
    expect(readsBeforeRender).toBeLessThanOrEqual(21);
    expect(Array.from(png.slice(0, 8))).toEqual(PNG_SIGNATURE);
    expect(renders).toBe(1);
    expect(a.shared.counts.renderedAlone).toBe(1);
    // and stored for the others
    expect(await a.redis.exists(key)).toBe(1);
  });

  it('when the lock holder fails to render, a waiting process draws it and only the holder hears the error', async () => {
    const [a, b] = [store(), store()];
    const input = chartInputFromSnapshot(snapshot, 'BTC', { days: 7, width: 800, height: 450 })!;
    const failing = a.shared.get(snapshot, input, async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Error('render worker crashed');
    });
    // b asks once a holds the lock
    await new Promise((resolve) => setTimeout(resolve, 20));
    const drawn = b.shared.get(snapshot, input, () => renderPriceChartAsync(input));
    await expect(failing).rejects.toThrow('render worker crashed');
    expect(Array.from((await drawn).slice(0, 8))).toEqual(PNG_SIGNATURE);
    expect(b.shared.counts.rendered).toBe(1);
    expect(a.lines).toEqual([]);
  });
});
