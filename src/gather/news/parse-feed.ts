// Parses a publisher's feed, exactly as served: RSS 2.0, RSS 1.0 (RDF) and Atom, with fast-xml-parser. Every
// field is untrusted: titles lose markup and entities and are capped, links must be absolute http(s), and an item
// without a readable title or time is dropped (never given a made-up time).
import { XMLParser } from 'fast-xml-parser';
import { HEADLINE_MAX_CHARS, type Headline } from '../../core/news.ts';

/** A feed that could not be read at all (not XML, or neither RSS nor Atom). */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
}

/** What one feed document held. */
export interface ParsedFeed {
  /** The feed's own title, cleaned (the outlet's name when the operator gave none). */
  title?: string | undefined;
  items: Array<Omit<Headline, 'outlet' | 'firstSeenAt'>>;
  /** Items left out (no title, no time, or a time that is not a date). */
  dropped: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true,
  // never expand entities declared inside the document (the "billion laughs" shape)
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
  parseTagValue: false,
  trimValues: true,
});

/** Parse one feed document (the body as served). Throws FeedFormatError when it is neither RSS nor Atom. */
export function parseFeed(xml: string): ParsedFeed {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new FeedFormatError(`not a readable XML feed (${(error as Error).message.split('\n')[0]})`);
  }
  const rss = record(doc.rss);
  if (rss) return fromRss(record(rss.channel) ?? {});
  const rdf = record(doc.RDF);
  if (rdf) return fromRss({ ...(record(rdf.channel) ?? {}), item: rdf.item });
  const atom = record(doc.feed);
  if (atom) return fromAtom(atom);
  throw new FeedFormatError('neither an RSS nor an Atom feed');
}

function fromRss(channel: Record<string, unknown>): ParsedFeed {
  const out: ParsedFeed = { title: cleanTitle(text(channel.title)), items: [], dropped: 0 };
  for (const raw of array(channel.item)) {
    const item = record(raw) ?? {};
    const title = cleanTitle(text(item.title));
    const publishedAt = parseTime(text(item.pubDate) ?? text(item.date) ?? text(item.published) ?? text(item.updated));
    if (!title || publishedAt === undefined) {
      out.dropped++;
      continue;
    }
    const link = safeLink(array(item.link).map(text).find(Boolean) ?? permalinkGuid(item.guid));
    out.items.push({ title, publishedAt, ...(link ? { link } : {}) });
  }
  return out;
}

function fromAtom(feed: Record<string, unknown>): ParsedFeed {
  const out: ParsedFeed = { title: cleanTitle(text(feed.title)), items: [], dropped: 0 };
  for (const raw of array(feed.entry)) {
    const entry = record(raw) ?? {};
    const title = cleanTitle(text(entry.title));
    const publishedAt = parseTime(text(entry.published) ?? text(entry.updated) ?? text(entry.issued));
    if (!title || publishedAt === undefined) {
      out.dropped++;
      continue;
    }
    const links = array(entry.link).map((l) => record(l) ?? {});
    const alternate = links.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ?? links[0];
    const link = safeLink(text(alternate?.['@_href']));
    out.items.push({ title, publishedAt, ...(link ? { link } : {}) });
  }
  return out;
}

/** A headline's title as plain text: tags and control characters gone, whitespace collapsed, capped. */
export function cleanTitle(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const plain = raw
    .replace(/<[^>]*>/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: feed text is untrusted; control characters go
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    // a title never mentions anyone on any platform: "@everyone" and "@name" read the same with a full-width at
    .replace(/@/g, '\uff20')
    .trim();
  if (!plain) return undefined;
  return plain.length > HEADLINE_MAX_CHARS ? `${plain.slice(0, HEADLINE_MAX_CHARS - 1).trimEnd()}…` : plain;
}

/** An absolute http(s) address, or undefined (javascript:, data:, relative and malformed links are refused). */
export function safeLink(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** Epoch ms of an RFC 822 (RSS) or ISO 8601 (Atom) time, or undefined when it names no real moment. */
export function parseTime(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const t = Date.parse(raw.trim());
  return Number.isFinite(t) ? t : undefined;
}

function permalinkGuid(guid: unknown): string | undefined {
  const g = record(guid);
  if (g) return g['@_isPermaLink'] === 'false' ? undefined : text(g['#text']);
  return text(guid);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const r = record(value);
  if (r && typeof r['#text'] === 'string') return r['#text'];
  return undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function array(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
