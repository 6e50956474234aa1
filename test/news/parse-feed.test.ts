// Feeds as publishers serve them (RSS 2.0, RSS 1.0, Atom) parse into clean headlines; hostile feed text is
// defused: markup and control characters go, links must be absolute http(s), nothing can mention anyone, and a
// document that is not a feed, or an entity bomb, is refused without hanging. The feed texts here are written
// for the tests (generated), except where a test reads examples/news/, whose items are real and cited.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanTitle, FeedFormatError, parseFeed, safeLink } from '../../src/gather/news/parse-feed.ts';
import { outletFromTitle, readFeedFiles } from '../../src/gather/news/feed-files.ts';

const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire: markets</title>${items}</channel></rss>`;

describe('parseFeed', () => {
  it('reads a real RSS 2.0 file (CoinDesk, 5 August 2024) with CDATA and an RFC 822 time', () => {
    const feed = parseFeed(readFileSync('examples/news/2024-08/coindesk.xml', 'utf8'));
    expect(feed.items).toEqual([
      {
        title: 'Bitcoin Tumbles to $53K, Ether Turns Negative for 2024 as Panic Grips Markets',
        link: 'https://www.coindesk.com/markets/2024/08/05/bitcoin-tumbles-to-53k-ether-turns-negative-for-2024-as-panic-grips-markets',
        publishedAt: Date.parse('2024-08-05T01:29:00Z'),
      },
    ]);
    expect(outletFromTitle(feed.title)).toBe('CoinDesk');
  });

  it('reads Atom (published, alternate link) and time zones other than UTC', () => {
    const atom = parseFeed(readFileSync('examples/news/2024-08/bls.atom', 'utf8'));
    expect(atom.items[0]).toMatchObject({
      title: 'The Employment Situation — July 2024',
      link: 'https://www.bls.gov/news.release/archives/empsit_08022024.htm',
      publishedAt: Date.parse('2024-08-02T12:30:00Z'),
    });
    const ist = parseFeed(readFileSync('examples/news/2024-08/ap-telangana-today.xml', 'utf8'));
    expect(ist.items[0]!.publishedAt).toBe(Date.parse('2024-08-05T06:49:00Z'));
  });

  it('reads RSS 1.0 (RDF) with dc:date', () => {
    const feed = parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>RDF Wire</title></channel>
        <item><title>Fed holds rates</title><link>https://example.org/a</link><dc:date>2024-07-31T18:05:00Z</dc:date></item>
      </rdf:RDF>`,
    );
    expect(feed.items).toEqual([
      { title: 'Fed holds rates', link: 'https://example.org/a', publishedAt: Date.parse('2024-07-31T18:05:00Z') },
    ]);
  });

  it('drops items without a title or a real time, and counts them', () => {
    const feed = parseFeed(
      rss(`<item><title></title><pubDate>Mon, 05 Aug 2024 01:00:00 GMT</pubDate></item>
           <item><title>No time</title></item>
           <item><title>Bad time</title><pubDate>yesterday-ish</pubDate></item>
           <item><title>Good</title><pubDate>Mon, 05 Aug 2024 01:00:00 GMT</pubDate></item>`),
    );
    expect(feed.items.map((i) => i.title)).toEqual(['Good']);
    expect(feed.dropped).toBe(3);
  });

  it('refuses what is not a feed', () => {
    expect(() => parseFeed('<html><body>hi</body></html>')).toThrow(FeedFormatError);
    expect(() => parseFeed('{"items":[]}')).toThrow(FeedFormatError);
  });

  it('does not expand an entity bomb', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
      <rss version="2.0"><channel><title>x</title><item><title>&lol5;</title><pubDate>Mon, 05 Aug 2024 01:00:00 GMT</pubDate></item></channel></rss>`;
    let titles: string[] = [];
    try {
      titles = parseFeed(bomb).items.map((i) => i.title);
    } catch (error) {
      expect(error).toBeInstanceOf(FeedFormatError);
    }
    for (const t of titles) expect(t.length).toBeLessThanOrEqual(300);
  });
});

describe('hostile feed text', () => {
  it('titles lose markup, control characters and mentions, and are capped', () => {
    expect(cleanTitle('<b>Fed</b> <script>alert(1)</script>cuts\u0007 rates')).toBe('Fed alert(1) cuts rates');
    expect(cleanTitle('@everyone Bitcoin <@123> @here')).toBe('＠everyone Bitcoin ＠here');
    expect(cleanTitle('a\u202eb\u200bc')).toBe('a b c');
    expect(cleanTitle('x'.repeat(1000))!.length).toBe(300);
    expect(cleanTitle('   ')).toBeUndefined();
  });

  it('links must be absolute http(s) without credentials', () => {
    expect(safeLink('https://www.coindesk.com/a?b=1')).toBe('https://www.coindesk.com/a?b=1');
    expect(safeLink('http://example.org/x')).toBe('http://example.org/x');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,hi',
      '/relative/path',
      'ftp://x.org/a',
      'https://user:pw@x.org/',
      'not a url',
      '',
    ])
      expect(safeLink(bad)).toBeUndefined();
  });

  it('a feed item with an unsafe link keeps its headline without the link', () => {
    const feed = parseFeed(
      rss(
        `<item><title>SEC sues exchange</title><link>javascript:alert(1)</link><pubDate>Mon, 05 Aug 2024 01:00:00 GMT</pubDate></item>`,
      ),
    );
    expect(feed.items).toEqual([{ title: 'SEC sues exchange', publishedAt: Date.parse('2024-08-05T01:00:00Z') }]);
  });
});

describe('readFeedFiles (replays)', () => {
  it('names the outlet from Outlet=FILE or the feed title, and counts an item as seen when published', async () => {
    const items = readFeedFiles([
      'AP=examples/news/2024-08/ap-telangana-today.xml',
      'examples/news/2024-08/federal-reserve.xml',
    ]);
    expect(items.map((i) => i.outlet)).toEqual(['AP', 'FRB']);
    for (const i of items) expect(i.firstSeenAt).toBe(i.publishedAt);
  });

  it('says which file is missing or not a feed', async () => {
    expect(() => readFeedFiles(['examples/news/nope.xml'])).toThrow('news file examples/news/nope.xml does not exist');
    expect(() => readFeedFiles(['package.json'])).toThrow('news file package.json is neither an RSS nor an Atom feed');
  });
});
