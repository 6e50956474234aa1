// The feed list setting: WHYBOT_NEWS_FEEDS as "Name=https://url" entries separated by commas, checked for shape
// (a name, an absolute http(s) address, no name twice) when the configuration is loaded.

/** One feed: the outlet's name as an article prints it, and the feed's address. */
export interface FeedSpec {
  outlet: string;
  url: string;
}

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
      throw new Error(
        `"${entry}" is not Name=https://address (for example CoinDesk=https://www.coindesk.com/arc/outboundfeeds/rss/)`,
      );
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
