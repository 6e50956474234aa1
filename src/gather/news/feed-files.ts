// Feed files for replays (`whybot why --replay ... --news FILE...`): RSS or Atom documents exactly as publishers
// serve them. The outlet is the name before "=" when given (CoinDesk=feeds/coindesk.xml), else the feed's own
// title up to its first separator ("CoinDesk: Bitcoin, Ethereum..." reads as "CoinDesk"). A replayed item counts
// as seen when it was published. Read when the replay starts, so a wrong file stops it at once, named.
import { readFileSync } from 'node:fs';
import { parseFeed } from './parse-feed.ts';
import type { Headline } from '../../core/news.ts';

/** A feed file that cannot be used, with the file named. */
export class FeedFileError extends Error {
  override readonly name = 'FeedFileError';
}

/** Read feed files (each "PATH" or "Outlet=PATH") into headlines. Throws FeedFileError naming the file. */
export function readFeedFiles(specs: readonly string[]): Headline[] {
  const out: Headline[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const named = eq > 0 && !spec.slice(0, eq).includes('/') ? spec.slice(0, eq).trim() : undefined;
    const path = named ? spec.slice(eq + 1) : spec;
    let xml: string;
    try {
      xml = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new FeedFileError(
        code === 'ENOENT'
          ? `news file ${path} does not exist`
          : `news file ${path} cannot be read (${code ?? 'error'})`,
      );
    }
    let feed: ReturnType<typeof parseFeed>;
    try {
      feed = parseFeed(xml);
    } catch (error) {
      throw new FeedFileError(`news file ${path} is ${(error as Error).message}`);
    }
    const outlet = named ?? outletFromTitle(feed.title) ?? path.split('/').pop()!;
    for (const item of feed.items) out.push({ ...item, outlet, firstSeenAt: item.publishedAt });
  }
  return out;
}

/** A feed title shortened to the outlet's name: the text before the first ":", "|", " - " or " – ". */
export function outletFromTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const name = title.split(/\s*[:|]\s*|\s+[-–—]\s+/)[0]?.trim();
  return name ? name.slice(0, 40) : undefined;
}
