// The news snapshot source: headlines from publishers' feeds around the build's moment, merged into stories.
// Live, a FeedPoller (started here, stopped by close()) keeps the headline store fresh in the background, and a
// build reads the last two days from the store, waiting for the first round when the process has just started.
// Replays read the feed files given with --news instead, and nothing published after the replayed moment.
// Off (WHYBOT_NEWS=off), or a replay without --news: no news part at all.
import { NewsStore, NEWS_RETENTION_MS } from '../../store/news/news-store.ts';
import type { SourceFactory } from '../snapshot-source.ts';
import type { Part } from '../types.ts';
import { mergeStories } from '../../core/news-stories.ts';
import { UserFacingError } from '../../core/errors.ts';
import { readFeedFiles } from './feed-files.ts';
import { FeedPoller } from './feed-poller.ts';
import { parseFeedList } from '../../core/feed-list.ts';
import { DEFAULT_FEEDS } from './feeds.ts';
import type { Headline, NewsStory } from '../../core/news.ts';

/** Source name for footers, /status and Missing parts. */
export const NEWS_SOURCE = "publishers' RSS and Atom feeds";
/** How far back a build reads headlines (the move's start may lie a day back; the lead is three hours more). */
export const NEWS_LOOKBACK_MS = 48 * 3_600_000;
/** The User-Agent every feed request carries, naming the bot and where to find it. */
export const NEWS_USER_AGENT = 'whybot/0.1 (self-hosted market explainer bot; +https://github.com/whybot/whybot)';

const window = (headlines: readonly Headline[], now: number): NewsStory[] =>
  mergeStories(headlines.filter((h) => h.publishedAt <= now && h.publishedAt >= now - NEWS_LOOKBACK_MS));

/** The news source, or undefined when news is off (or a replay has no --news files). */
export const newsSource: SourceFactory = ({ config, logger, replay, files, sql }) => {
  const name = NEWS_SOURCE;
  const settings = [
    'WHYBOT_NEWS',
    'WHYBOT_NEWS_FEEDS',
    'WHYBOT_NEWS_INTERVAL_SECONDS',
    'WHYBOT_NEWS_TIMEOUT_MS',
  ] as const;
  if (replay) {
    const specs = files?.news;
    if (!specs || specs.length === 0) return undefined;
    // read before anything starts: a file that is missing or not a feed stops the replay, named
    let read: Headline[];
    try {
      read = readFeedFiles(specs);
    } catch (error) {
      throw new UserFacingError((error as Error).message);
    }
    return {
      part: 'news',
      name,
      settings,
      timeoutMs: 10_000,
      fetch: ({ now }): Part<NewsStory[]> => ({
        ok: true,
        source: `${name} (replayed files)`,
        asOf: now,
        value: window(read, now),
      }),
    };
  }
  if (config.WHYBOT_NEWS !== 'on' || !sql) return undefined;
  const store = new NewsStore(sql);
  const feeds = config.WHYBOT_NEWS_FEEDS ? parseFeedList(config.WHYBOT_NEWS_FEEDS) : [...DEFAULT_FEEDS];
  const poller = new FeedPoller({
    feeds,
    store,
    intervalMs: config.WHYBOT_NEWS_INTERVAL_SECONDS * 1000,
    timeoutMs: config.WHYBOT_NEWS_TIMEOUT_MS,
    userAgent: NEWS_USER_AGENT,
    retentionMs: NEWS_RETENTION_MS,
    logger: logger ?? silent,
  });
  let firstRound: Promise<void> | undefined;
  return {
    part: 'news',
    name,
    settings,
    timeoutMs: config.WHYBOT_NEWS_TIMEOUT_MS + 1000,
    fetch: async ({ now }): Promise<Part<NewsStory[]>> => {
      // the first build starts the poller and waits for its first round; later builds read what it stored
      if (!firstRound) {
        firstRound = poller.pollDue();
        void firstRound.then(() => poller.start());
      }
      await firstRound;
      const status = poller.status();
      const lastOk = Math.max(0, ...status.map((s) => s.lastOkAt ?? 0));
      if (lastOk === 0) {
        const reasons = [...new Set(status.map((s) => s.lastError).filter(Boolean))].slice(0, 2).join('; ');
        return { ok: false, source: name, reason: `no feed could be read${reasons ? ` (${reasons})` : ''}` };
      }
      const headlines = await store.headlines(now - NEWS_LOOKBACK_MS, now);
      return { ok: true, source: name, asOf: Math.min(now, lastOk), value: window(headlines, now) };
    },
    close: () => poller.stop(),
  };
};

const silent = { warn: () => undefined };
