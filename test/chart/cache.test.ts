// The chart cache renders a snapshot's chart once, shares a render in progress, forgets failures and
// evicts the least recently used chart when full.
import { describe, expect, it } from 'vitest';
import { ChartCache, chartKey } from '../../src/chart/cache.ts';

const png = (n: number) => new Uint8Array([n]);

describe('ChartCache', () => {
  it('renders once per key and returns the same bytes after', async () => {
    const cache = new ChartCache();
    let renders = 0;
    const render = () => png(++renders);
    const a = await cache.get('k', render);
    const b = await cache.get('k', render);
    expect(b).toBe(a);
    expect(renders).toBe(1);
    expect(cache.renders).toBe(1);
  });

  it('shares one render between requests that arrive while it runs', async () => {
    const cache = new ChartCache();
    let release!: (v: Uint8Array) => void;
    let calls = 0;
    const render = () => {
      calls++;
      return new Promise<Uint8Array>((r) => (release = r));
    };
    const first = cache.get('k', render);
    const second = cache.get('k', render);
    await Promise.resolve();
    release(png(7));
    expect(await first).toEqual(png(7));
    expect(await second).toBe(await first);
    expect(calls).toBe(1);
  });

  it('does not keep a failed render', async () => {
    const cache = new ChartCache();
    await expect(
      cache.get('k', () => {
        throw new Error('no candles');
      }),
    ).rejects.toThrow('no candles');
    expect(await cache.get('k', () => png(1))).toEqual(png(1));
    expect(cache.renders).toBe(2);
  });

  it('evicts the least recently used chart when full', async () => {
    const cache = new ChartCache(2);
    await cache.get('a', () => png(1));
    await cache.get('b', () => png(2));
    await cache.get('a', () => png(9)); // touch a
    await cache.get('c', () => png(3)); // evicts b
    expect(cache.size).toBe(2);
    expect(await cache.get('a', () => png(9))).toEqual(png(1));
    expect(await cache.get('b', () => png(4))).toEqual(png(4));
  });
});

describe('chartKey', () => {
  it('tells snapshots, replays and chart variants apart', () => {
    const live = { exchange: 'binanceusdm', builtAt: 1_722_837_600_000 };
    expect(chartKey(live, 'BTC', '7d')).toBe('binanceusdm|1722837600000|live|BTC|7d');
    expect(chartKey({ ...live, replay: { at: 5 } }, 'BTC', '7d')).not.toBe(chartKey(live, 'BTC', '7d'));
    expect(chartKey(live, 'BTC', '30d')).not.toBe(chartKey(live, 'BTC', '7d'));
  });
});
