// Headlines lined up with the move, on the real 5 August 2024 data (Binance spot klines) with real feed items
// (examples/news/2024-08, each cited there) and, where a case needs one, a headline or minute candles written for
// the test and named as such. The article states order in time and never a cause; a price report or an unrelated
// headline is never offered; unknown is an answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseMarket } from '../../src/analyse/analyse.ts';
import type { PaceFacts } from '../../src/analyse/facts.ts';
import { moveWindow } from '../../src/analyse/move-window.ts';
import { newsFacts } from '../../src/analyse/news.ts';
import { loadTemplates } from '../../src/app/templates.ts';
import { mergeStories } from '../../src/core/news-stories.ts';
import type { Headline } from '../../src/core/news.ts';
import { readFeedFiles } from '../../src/gather/news/feed-files.ts';
import type { Candle, MarketSnapshot } from '../../src/gather/types.ts';
import { renderText } from '../../src/narrate/render-text.ts';
import { writeArticle } from '../../src/narrate/write-article.ts';
import { augustSnapshot } from '../helpers/kline-snapshot.ts';

const AT = '2024-08-05T07:00:00Z';
const FEEDS = ['coindesk.xml', 'ap-telangana-today.xml', 'lbc.xml', 'federal-reserve.xml', 'bls.atom'].map(
  (f) => `examples/news/2024-08/${f}`,
);
const templates = loadTemplates();
/** Words that would make a headline a cause. */
const CAUSAL = /\b(because|due to|trigger\w*|caused|sparked|led to|on the back of|driven by)\b/i;

const withNews = (snapshot: MarketSnapshot, headlines: Headline[], now: number): MarketSnapshot => ({
  ...snapshot,
  news: {
    ok: true,
    source: "publishers' RSS and Atom feeds (replayed files)",
    asOf: now,
    value: mergeStories(headlines.filter((h) => h.publishedAt <= now)),
  },
});
const reported = (snapshot: MarketSnapshot, form: 'short' | 'full' = 'full') => {
  const doc = writeArticle(analyseMarket(snapshot), templates, { form });
  return { doc, section: doc.sections.find((s) => s.id === 'reported') };
};
/** A headline written for this test (not a real report). */
const testHeadline = (title: string, iso: string): Headline => ({
  outlet: 'Test Wire',
  title,
  link: 'https://testwire.example/story',
  publishedAt: Date.parse(iso),
  firstSeenAt: Date.parse(iso),
});

describe('5 August 2024 with the real feed items', () => {
  it('offers no headline as the start: the CoinDesk price report describes the fall, the Nikkei story came later', async () => {
    const snap = withNews(augustSnapshot(AT), readFeedFiles(FEEDS), Date.parse(AT));
    const facts = analyseMarket(snap);
    expect(facts.news?.aligned).toEqual([]);
    // the AP story (06:49 UTC) lies in the fall, after its fastest stretch; LBC's (10:54 UTC) is after the replayed moment
    expect(facts.news?.timeline.map((h) => [h.outlet, h.when])).toEqual([['Telangana Today', 'during-move']]);
    const { section, doc } = reported(snap);
    expect(section!.paragraphs[0]).toMatch(
      /^No headline in the news feeds whybot reads lines up with the start of this slide\. /,
    );
    expect(section!.paragraphs[0]).toContain(
      'Reported later in the slide: “Japan’s Nikkei sinks 12.4% in worst losses since 1987” (Telangana Today, 06:49 UTC)',
    );
    expect(renderText(doc)).not.toMatch(/Tumbles to \$53K/);
    expect(renderText(doc)).not.toMatch(CAUSAL);
  });

  it('names a themed headline that came before the fastest stretch, with outlet and time, in temporal words only', async () => {
    const headlines = [
      ...readFeedFiles(FEEDS),
      testHeadline('Bank of Japan signals further rate hikes as yen surges', '2024-08-04T23:20:00Z'),
      testHeadline('Apple unveils a new iPhone camera', '2024-08-04T23:40:00Z'),
    ];
    const snap = withNews(augustSnapshot(AT), headlines, Date.parse(AT));
    const facts = analyseMarket(snap);
    expect(facts.news?.aligned.map((h) => [h.title, h.when])).toEqual([
      ['Bank of Japan signals further rate hikes as yen surges', 'before-fastest'],
    ]);
    expect(facts.cause).toMatchObject({ kind: 'headline' });
    const { section, doc } = reported(snap, 'short');
    // the lede names it (the cause line); the short form needs no news section beside it
    expect(section).toBeUndefined();
    const lede = doc.sections.find((s) => s.id === 'lede')!;
    expect(lede.paragraphs[1]).toMatch(
      /^Less than an hour before the sharpest part of the slide began \(in the hour from 00:00 UTC\), the news feeds carried: “Bank of Japan signals further rate hikes as yen surges” \(Test Wire, 4 August 2024, 23:20 UTC\)\./,
    );
    expect(lede.links).toEqual([
      {
        label: 'Test Wire: Bank of Japan signals further rate hikes as yen surges',
        url: 'https://testwire.example/story',
      },
    ]);
    expect(renderText(doc)).not.toMatch(/iPhone/);
    expect(renderText(doc)).not.toMatch(CAUSAL);
  });

  it("a headline first seen after the article's moment is not known yet", async () => {
    const late = {
      ...testHeadline('Fed emergency rate cut', '2024-08-05T00:10:00Z'),
      firstSeenAt: Date.parse('2024-08-05T07:30:00Z'),
    };
    const snap = augustSnapshot(AT);
    const facts = analyseMarket({
      ...snap,
      news: { ok: true, source: 'feeds', asOf: Date.parse(AT), value: mergeStories([late]) },
    });
    expect(facts.news?.aligned).toEqual([]);
  });

  it('a failed news source says nothing about news (never "no headline")', () => {
    const snap: MarketSnapshot = {
      ...augustSnapshot(AT),
      news: { ok: false, source: 'feeds', reason: 'no feed could be read' },
    };
    expect(reported(snap).section).toBeUndefined();
  });
});

describe('to the minute with minute candles', () => {
  // Minute candles written for this test: flat at 100 until 20:59, a high of 101 at 21:00, then down $1 a minute.
  const H = 3_600_000;
  const t0 = Date.parse('2025-10-10T20:00:00Z');
  const minutes: Candle[] = Array.from({ length: 180 }, (_, i) => {
    const t = t0 + i * 60_000;
    const p = i < 60 ? 100 : i === 60 ? 101 : Math.max(10, 101 - (i - 60));
    return { t, o: p, h: p, l: p - 0.5, c: p, v: 1 };
  });
  const pace = {
    leg: {
      start: { value: t0 + H },
      end: { value: t0 + 3 * H },
      peakHour: { value: t0 + H },
      burstSize: { value: 1, span: { from: t0 + H, to: t0 + 2 * H } },
    },
  } as unknown as PaceFacts;
  const fine = {
    ok: true as const,
    source: 'test minute candles',
    asOf: t0 + 3 * H,
    value: minutes,
    coverage: { intervalMs: 60_000, from: t0, to: t0 + 3 * H, gaps: [] },
  };

  it('the move starts at the minute of its high, and a headline 9 minutes before reads "9 minutes"', () => {
    const move = moveWindow(pace, true, fine, 'test hourly candles')!;
    expect(move).toMatchObject({ start: t0 + H, resolutionMs: 60_000 });
    const story = mergeStories([testHeadline('US to impose 100% tariff on Chinese imports', '2025-10-10T20:51:00Z')]);
    const news = newsFacts({
      part: { ok: true, source: 'feeds', asOf: t0 + 3 * H, value: story },
      coin: 'BTC',
      move,
      now: t0 + 3 * H,
    })!;
    expect(news.aligned[0]).toMatchObject({ when: 'before-start', outlet: 'Test Wire' });
    expect(news.aligned[0]!.minutesBefore?.value).toBe(9);
  });

  it('without minute candles covering the hour, no minute count is claimed', () => {
    const move = moveWindow(pace, true, { ...fine, value: minutes.slice(0, 90) }, 'test hourly candles')!;
    expect(move.resolutionMs).toBe(H);
    const story = mergeStories([testHeadline('US to impose 100% tariff on Chinese imports', '2025-10-10T20:51:00Z')]);
    const news = newsFacts({
      part: { ok: true, source: 'feeds', asOf: t0 + 3 * H, value: story },
      coin: 'BTC',
      move,
      now: t0 + 3 * H,
    })!;
    expect(news.aligned[0]!.minutesBefore).toBeUndefined();
  });
});

describe('properties', () => {
  const move = {
    start: Date.parse('2025-10-10T21:00:00Z'),
    resolutionMs: 60_000,
    fastest: { from: Date.parse('2025-10-10T21:10:00Z'), to: Date.parse('2025-10-10T21:30:00Z') },
    end: Date.parse('2025-10-10T23:00:00Z'),
    source: 'test candles',
  };
  const NEUTRAL = [
    'Apple',
    'unveils',
    'new',
    'iPhone',
    'football',
    'final',
    'weather',
    'storm',
    'recipe',
    'film',
    'Bitcoin',
    'price',
    'tumbles',
    'to',
    '$53K',
    'holiday',
    'travel',
    'award',
  ];
  const when = fc.integer({ min: -6 * 60, max: 3 * 60 }).map((m) => move.start + m * 60_000);

  it('a headline with no market-moving theme is never offered, whatever its time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(fc.constantFrom(...NEUTRAL), { minLength: 1, maxLength: 8 }), when), {
          maxLength: 12,
        }),
        (items) => {
          const headlines = items.map(([words, at], i) => ({
            outlet: `O${i.toString()}`,
            title: words.join(' '),
            publishedAt: at,
            firstSeenAt: at,
          }));
          const news = newsFacts({
            part: { ok: true, source: 'feeds', asOf: move.end, value: mergeStories(headlines) },
            coin: 'BTC',
            move,
            now: move.end,
          })!;
          expect(news.aligned).toEqual([]);
        },
      ),
    );
  });

  it('what is offered always lies in the window (three hours before the start, to the end of the move), at most three', () => {
    const THEMED = [
      'Fed signals rate cut',
      'SEC sues exchange',
      'Exchange hacked, funds drained',
      'US tariffs on China',
      'CPI inflation hotter',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...THEMED), fc.integer({ min: -12 * 60, max: 6 * 60 })), { maxLength: 15 }),
        (items) => {
          const headlines = items.map(([title, m], i) => {
            const at = move.start + m * 60_000;
            return { outlet: `O${i.toString()}`, title: `${title} ${i.toString()}`, publishedAt: at, firstSeenAt: at };
          });
          const news = newsFacts({
            part: { ok: true, source: 'feeds', asOf: move.end, value: mergeStories(headlines) },
            coin: 'BTC',
            move,
            now: move.end,
          })!;
          expect(news.aligned.length).toBeLessThanOrEqual(3);
          for (const h of news.aligned) {
            expect(h.publishedAt.value).toBeGreaterThanOrEqual(move.start - 3 * 3_600_000);
            expect(h.publishedAt.value).toBeLessThan(move.fastest.to);
          }
        },
      ),
    );
  });
});
