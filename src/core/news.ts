// The news types: one headline as a publisher's feed carried it, and a story (the same headline from several
// outlets, merged). Feed text is untrusted: titles are plain text (tags and entities removed, whitespace
// collapsed, length capped) and links are http(s) only, before any of it reaches the store or an article.

/** One item of one publisher's RSS or Atom feed, cleaned. */
export interface Headline {
  /** The outlet's name for people, e.g. "CoinDesk" (from the feed list, else the feed's own title). */
  outlet: string;
  /** Plain text, at most HEADLINE_MAX_CHARS. */
  title: string;
  /** The article's address, http(s) only; absent when the feed gave none or an unsafe one. */
  link?: string | undefined;
  /** Epoch ms the publisher says the item was published (pubDate, published, dc:date or updated). */
  publishedAt: number;
  /** Epoch ms whybot first saw the item (the fetch time live; the published time in replays). */
  firstSeenAt: number;
}

/** The same story as carried by one or more outlets (see dedupe.ts). */
export interface NewsStory {
  /** Stable key: the earliest headline's outlet, time and normalised title. */
  key: string;
  /** The earliest headline's title. */
  title: string;
  /** The earliest published time among the story's headlines. */
  publishedAt: number;
  /** The earliest first-seen time among them. */
  firstSeenAt: number;
  /** Every outlet that carried it, earliest first (one entry per outlet). */
  sources: Array<{ outlet: string; link?: string | undefined; publishedAt: number }>;
}

/** Longest title kept, in characters. */
export const HEADLINE_MAX_CHARS = 300;
