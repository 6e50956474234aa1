// The headline store: what the feed poller read, kept on either engine (the same SQL through the storage's
// SqlRunner), read back as stories merged across outlets, and pruned after the retention.
import { headlineKey, mergeStories } from '../../core/news-stories.ts';
import type { Headline, NewsStory } from '../../core/news.ts';
import type { SqlRunner } from '../sql-runner.ts';

/** Headlines older than this are pruned (the article looks back a day or two; digests a day). */
export const NEWS_RETENTION_MS = 14 * 86_400_000;

/** Stores and reads headlines. */
export class NewsStore {
  constructor(private readonly sql: SqlRunner) {}

  /** Store headlines; one already stored (same outlet, minute and title) is left as it was. Returns how many were new. */
  async add(headlines: readonly Headline[]): Promise<number> {
    if (headlines.length === 0) return 0;
    return this.sql.transaction(async (tx) => {
      let added = 0;
      for (const h of headlines) {
        const result = await tx.query(
          `INSERT INTO news_headlines (key, outlet, title, link, published_at, first_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING`,
          [headlineKey(h), h.outlet, h.title, h.link ?? null, h.publishedAt, h.firstSeenAt],
        );
        added += result.rowCount ?? 0;
      }
      return added;
    });
  }

  /** Headlines published in [from, to], oldest first. */
  async headlines(from: number, to: number): Promise<Headline[]> {
    const { rows } = await this.sql.query<{
      outlet: string;
      title: string;
      link: string | null;
      published_at: number | string;
      first_seen_at: number | string;
    }>(
      `SELECT outlet, title, link, published_at, first_seen_at FROM news_headlines
       WHERE published_at >= $1 AND published_at <= $2 ORDER BY published_at, outlet`,
      [from, to],
    );
    return rows.map((r) => ({
      outlet: r.outlet,
      title: r.title,
      ...(r.link ? { link: r.link } : {}),
      publishedAt: Number(r.published_at),
      firstSeenAt: Number(r.first_seen_at),
    }));
  }

  /** Stories (merged across outlets) published in [from, to], earliest first. */
  async stories(from: number, to: number): Promise<NewsStory[]> {
    return mergeStories(await this.headlines(from, to));
  }

  /** Delete headlines published before `before`; returns how many went. */
  async prune(before: number): Promise<number> {
    const result = await this.sql.query('DELETE FROM news_headlines WHERE published_at < $1', [before]);
    return result.rowCount ?? 0;
  }
}
