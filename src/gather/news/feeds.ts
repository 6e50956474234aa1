// The list of feeds whybot reads: publishers' public RSS and Atom feeds (no key needed), a few major crypto
// outlets, general markets coverage and the Federal Reserve's own press releases. WHYBOT_NEWS_FEEDS replaces it
// with "Name=https://url" entries separated by commas.

/** One feed: the outlet's name as an article prints it, and the feed's address. */
export interface FeedSpec {
  outlet: string;
  url: string;
}

/** The default feeds (all public, no key): checked by hand against each publisher's feed page. */
export const DEFAULT_FEEDS: readonly FeedSpec[] = [
  { outlet: 'CoinDesk', url: 'https://www.coindesk.com/arc/outboundfeeds/rss/' },
  { outlet: 'Cointelegraph', url: 'https://cointelegraph.com/rss' },
  { outlet: 'Decrypt', url: 'https://decrypt.co/feed' },
  { outlet: 'The Block', url: 'https://www.theblock.co/rss.xml' },
  { outlet: 'CNBC Markets', url: 'https://www.cnbc.com/id/10000664/device/rss/rss.html' },
  { outlet: 'MarketWatch', url: 'https://feeds.content.dowjones.io/public/rss/mw_topstories' },
  { outlet: 'Federal Reserve', url: 'https://www.federalreserve.gov/feeds/press_all.xml' },
];

/**
 * Parse WHYBOT_NEWS_FEEDS ("CoinDesk=https://..., Reuters=https://..."). Throws an Error naming the bad entry:
 * each needs a name, an equals sign and an absolute http(s) address; names must differ.
 */
export function parseFeedList(raw: string): FeedSpec[] {
  const out: FeedSpec[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const outlet = eq > 0 ? entry.slice(0, eq).trim() : '';
    const url = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!outlet || !url)
      throw new Error(`"${entry}" is not Name=https://address (for example CoinDesk=https://www.coindesk.com/arc/outboundfeeds/rss/)`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`"${url}" (for ${outlet}) is not an address`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new Error(`"${url}" (for ${outlet}) must start with http:// or https://`);
    if (out.some((f) => f.outlet.toLowerCase() === outlet.toLowerCase())) throw new Error(`${outlet} is listed twice`);
    out.push({ outlet, url: parsed.href });
  }
  if (out.length === 0) throw new Error('lists no feed');
  return out;
}
