// The list of feeds whybot reads: publishers' public RSS and Atom feeds (no key needed), a few major crypto
// outlets, general markets coverage and the Federal Reserve's own press releases. WHYBOT_NEWS_FEEDS replaces it
// with "Name=https://url" entries separated by commas.

import type { FeedSpec } from '../../core/feed-list.ts';

/** The default feeds: public, no key, at the addresses their publishers give for them (set WHYBOT_NEWS_FEEDS when one moves). */
export const DEFAULT_FEEDS: readonly FeedSpec[] = [
  { outlet: 'CoinDesk', url: 'https://www.coindesk.com/arc/outboundfeeds/rss/' },
  { outlet: 'Cointelegraph', url: 'https://cointelegraph.com/rss' },
  { outlet: 'Decrypt', url: 'https://decrypt.co/feed' },
  { outlet: 'The Block', url: 'https://www.theblock.co/rss.xml' },
  { outlet: 'CNBC Markets', url: 'https://www.cnbc.com/id/10000664/device/rss/rss.html' },
  { outlet: 'MarketWatch', url: 'https://feeds.content.dowjones.io/public/rss/mw_topstories' },
  { outlet: 'Federal Reserve', url: 'https://www.federalreserve.gov/feeds/press_all.xml' },
];
