// The same story from several outlets is one story with every outlet as a source; different stories, and the same
// words far apart in time, stay apart. Headlines here are written for the test.
import { describe, expect, it } from 'vitest';
import { headlineKey, mergeStories } from '../../src/core/news-stories.ts';
import type { Headline } from '../../src/core/news.ts';

const T = Date.parse('2025-10-10T20:51:00Z');
const h = (outlet: string, title: string, minutes: number): Headline => ({
  outlet,
  title,
  link: `https://${outlet.toLowerCase().replace(/\s/g, '')}.example/${minutes.toString()}`,
  publishedAt: T + minutes * 60_000,
  firstSeenAt: T + minutes * 60_000 + 30_000,
});

describe('mergeStories', () => {
  it('one story told by three outlets is one story with three sources, earliest first', () => {
    const stories = mergeStories([
      h('CNBC', 'Trump says US will impose 100% tariff on Chinese imports', 4),
      h('Reuters', 'Trump says US will impose 100% tariff on China imports', 0),
      h('CoinDesk', "Trump's 100% tariff on Chinese imports: US will impose", 9),
      h('CoinDesk', 'Ether staking ETF sees first inflows', 12),
    ]);
    expect(stories).toHaveLength(2);
    expect(stories[0]).toMatchObject({
      title: 'Trump says US will impose 100% tariff on China imports',
      publishedAt: T,
      firstSeenAt: T + 30_000,
    });
    expect(stories[0]!.sources.map((s) => s.outlet)).toEqual(['Reuters', 'CNBC', 'CoinDesk']);
  });

  it('the same outlet counts once per story; the same words two days apart are two stories', () => {
    const stories = mergeStories([
      h('Reuters', 'Fed holds rates steady', 0),
      h('Reuters', 'Fed holds rates steady', 2),
      h('Reuters', 'Fed holds rates steady', 48 * 60),
    ]);
    expect(stories.map((s) => s.sources.length)).toEqual([1, 1]);
  });

  it('keys are stable and differ by outlet, minute and words', () => {
    const a = h('Reuters', 'Fed holds rates steady', 0);
    expect(headlineKey(a)).toBe(headlineKey({ ...a }));
    expect(headlineKey(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(headlineKey({ ...a, outlet: 'CNBC' })).not.toBe(headlineKey(a));
    expect(headlineKey({ ...a, publishedAt: a.publishedAt + 60_000 })).not.toBe(headlineKey(a));
  });
});
