// The feed poller against a local HTTP server standing in for publishers (the far end of the network): it names
// the bot in its User-Agent, asks conditionally (ETag, Last-Modified) and stores only what is new, honours
// Retry-After on a 429, doubles its wait after each failure, refuses an oversized body, keeps to its interval
// floor, and a failing feed never stops the others. The clock is a manual one; feed texts are written for the test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedPoller, MAX_FEED_BYTES, MIN_POLL_INTERVAL_MS } from '../../src/gather/news/feed-poller.ts';
import { NEWS_USER_AGENT } from '../../src/gather/news/source.ts';
import { openStorage, type Storage } from '../../src/store/open-storage.ts';
import { NewsStore } from '../../src/store/news/news-store.ts';

const T = Date.parse('2025-10-10T21:00:00Z');
/** A feed of these titles, each published a fixed number of minutes (its length) before T. */
const feed = (titles: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${titles
    .map(
      (t) =>
        `<item><title>${t}</title><link>https://wire.example/${t.length.toString()}</link><pubDate>${new Date(T - t.length * 60_000).toUTCString()}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base: string;
let handlers: Record<string, Handler>;
const requests: Array<{ path: string; headers: IncomingMessage['headers'] }> = [];
let storage: Storage;
let now: number;
const warnings: string[] = [];

beforeEach(async () => {
  handlers = {};
  requests.length = 0;
  warnings.length = 0;
  now = T;
  server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    (handlers[req.url ?? ''] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port.toString()}`;
  storage = await openStorage({ sqlitePath: ':memory:' });
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await storage.close();
});

const poller = (paths: string[]) =>
  new FeedPoller({
    feeds: paths.map((p, i) => ({ outlet: `Outlet${i.toString()}`, url: `${base}${p}` })),
    store: new NewsStore(storage.sql),
    intervalMs: 60_000,
    timeoutMs: 2000,
    userAgent: NEWS_USER_AGENT,
    retentionMs: 14 * 86_400_000,
    logger: { warn: (_d: object, m: string) => void warnings.push(m) },
    now: () => now,
  });

describe('FeedPoller', () => {
  it('names the bot, asks conditionally, and stores only what is new', async () => {
    let etag = '"v1"';
    let titles = ['Fed holds rates', 'SEC sues exchange'];
    handlers['/a'] = (req, res) => {
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
      res.writeHead(200, { etag, 'content-type': 'application/rss+xml' }).end(feed(titles));
    };
    const p = poller(['/a']);
    await p.pollDue();
    expect(requests[0]!.headers['user-agent']).toBe(NEWS_USER_AGENT);
    expect(requests[0]!.headers['if-none-match']).toBeUndefined();
    expect(p.status()[0]).toMatchObject({ items: 2, failures: 0, lastOkAt: T });

    now += MIN_POLL_INTERVAL_MS;
    await p.pollDue();
    expect(requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(p.status()[0]!.items).toBe(2);

    etag = '"v2"';
    titles = ['Tariff news', ...titles];
    now += MIN_POLL_INTERVAL_MS;
    await p.pollDue();
    expect(p.status()[0]!.items).toBe(3);
    expect((await new NewsStore(storage.sql).headlines(0, T)).map((h) => h.title).sort()).toEqual(
      ['Fed holds rates', 'SEC sues exchange', 'Tariff news'].sort(),
    );
  });

  it('keeps to the interval floor: a feed is not asked again before five minutes', async () => {
    handlers['/a'] = (_q, res) => res.writeHead(200).end(feed(['x']));
    const p = poller(['/a']);
    await p.pollDue();
    now += MIN_POLL_INTERVAL_MS - 1;
    await p.pollDue();
    expect(requests).toHaveLength(1);
    now += 1;
    await p.pollDue();
    expect(requests).toHaveLength(2);
  });

  it('honours Retry-After on a 429 and doubles its wait after each failure; one bad feed leaves the other', async () => {
    handlers['/busy'] = (_q, res) => res.writeHead(429, { 'retry-after': '7200' }).end();
    let fails = 0;
    handlers['/down'] = (_q, res) => {
      fails++;
      res.writeHead(500).end();
    };
    handlers['/ok'] = (_q, res) => res.writeHead(200).end(feed(['fine']));
    const p = poller(['/busy', '/down', '/ok']);
    await p.pollDue();
    const [busy, down, ok] = p.status();
    expect(busy).toMatchObject({ failures: 1, lastError: 'HTTP 429', nextAt: T + 7_200_000 });
    expect(down).toMatchObject({ failures: 1, lastError: 'HTTP 500', nextAt: T + 2 * MIN_POLL_INTERVAL_MS });
    expect(ok).toMatchObject({ failures: 0, items: 1 });
    now = down!.nextAt;
    await p.pollDue();
    expect(fails).toBe(2);
    expect(p.status()[1]).toMatchObject({ failures: 2, nextAt: now + 4 * MIN_POLL_INTERVAL_MS });
    expect(warnings.filter((w) => w === 'news feed unavailable').length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a body over the cap and a document that is not a feed, without storing anything', async () => {
    handlers['/huge'] = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = 'x'.repeat(64 * 1024);
      for (let sent = 0; sent <= MAX_FEED_BYTES; sent += chunk.length) res.write(chunk);
      res.end();
    };
    handlers['/html'] = (_q, res) => res.writeHead(200).end('<html><body>moved</body></html>');
    const p = poller(['/huge', '/html']);
    await p.pollDue();
    expect(p.status().map((s) => s.lastError)).toEqual(['feed larger than 2 MB', 'neither an RSS nor an Atom feed']);
    expect(await new NewsStore(storage.sql).headlines(0, T)).toEqual([]);
  });

  it('an unreachable feed is a failure with a reason, not a crash', async () => {
    const p = new FeedPoller({
      feeds: [{ outlet: 'Gone', url: 'http://127.0.0.1:1/feed' }],
      store: new NewsStore(storage.sql),
      intervalMs: 0,
      timeoutMs: 1000,
      userAgent: NEWS_USER_AGENT,
      retentionMs: 1,
      logger: { warn: () => undefined },
      now: () => now,
    });
    await p.pollDue();
    expect(p.status()[0]).toMatchObject({ failures: 1 });
    expect(p.status()[0]!.lastError).toBeTruthy();
  });
});
