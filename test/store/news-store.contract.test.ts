// The headline store on both engines: SQLite always, PostgreSQL when DATABASE_URL_TEST is set. Storing is
// idempotent (a re-read feed adds nothing, also from a second connection), stories merge across outlets on read,
// and pruning removes only what is past the retention. Headlines here are written for the test.
import { afterEach, describe, expect, it } from 'vitest';
import type { Headline } from '../../src/core/news.ts';
import { NewsStore } from '../../src/store/news/news-store.ts';
import { contractStorage, PG_URL, postgresEngine, sqliteEngine, type Engine } from './engines.ts';

const T = Date.parse('2025-10-10T20:51:00Z');
const h = (outlet: string, title: string, minutes: number): Headline => ({
  outlet,
  title,
  link: `https://${outlet.toLowerCase()}.example/${minutes.toString()}`,
  publishedAt: T + minutes * 60_000,
  firstSeenAt: T + minutes * 60_000 + 5_000,
});

function contract(engine: Engine) {
  const storage = contractStorage(engine);
  afterEach(() => storage.cleanup());
  const two = () => storage.two();

  it(`${engine.name}: stores each headline once, even from two connections at once`, async () => {
    const [a, b] = await two();
    const batch = [
      h('Reuters', 'Trump says US will impose 100% tariff on China imports', 0),
      h('CNBC', 'Dow falls 800 points', 3),
    ];
    const [x, y] = await Promise.all([new NewsStore(a.sql).add(batch), new NewsStore(b.sql).add(batch)]);
    expect(x + y).toBe(2);
    expect(await new NewsStore(a.sql).add(batch)).toBe(0);
    expect(await new NewsStore(b.sql).headlines(T - 1, T + 3_600_000)).toEqual(batch);
  });

  it(`${engine.name}: reads stories merged across outlets, within the asked span`, async () => {
    const [a] = await two();
    const store = new NewsStore(a.sql);
    await store.add([
      h('Reuters', 'Trump says US will impose 100% tariff on China imports', 0),
      h('CNBC', 'Trump says US will impose 100% tariff on Chinese imports', 4),
      h('CoinDesk', 'Bitcoin ETF inflows slow', 30),
      h('CoinDesk', 'Earlier story', -600),
    ]);
    const stories = await store.stories(T - 60_000, T + 3_600_000);
    expect(stories.map((s) => [s.title, s.sources.map((x) => x.outlet)])).toEqual([
      ['Trump says US will impose 100% tariff on China imports', ['Reuters', 'CNBC']],
      ['Bitcoin ETF inflows slow', ['CoinDesk']],
    ]);
  });

  it(`${engine.name}: prunes what was published before the cut only`, async () => {
    const [a] = await two();
    const store = new NewsStore(a.sql);
    await store.add([h('A', 'old one', -20_000), h('B', 'new one', 0)]);
    expect(await store.prune(T - 60_000)).toBe(1);
    expect((await store.headlines(0, T + 60_000)).map((x) => x.title)).toEqual(['new one']);
  });
}

describe('news store: SQLite', () => contract(sqliteEngine));
describe.skipIf(PG_URL === undefined)('news store: PostgreSQL (DATABASE_URL_TEST)', () => contract(postgresEngine));
