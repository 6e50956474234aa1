// Merges the same story told by several outlets into one NewsStory: titles are compared as sets of meaningful
// words (Jaccard similarity), within a few hours of each other. Pure, so the store, live gathering and replays
// all merge the same way.
import type { Headline, NewsStory } from './news.ts';

/** Two titles this similar (0..1, shared meaningful words over all of them) are the same story. */
export const SAME_STORY_SIMILARITY = 0.5;
/** ...when published at most this far apart. */
export const SAME_STORY_WITHIN_MS = 12 * 3_600_000;

const STOP_WORDS = new Set(
  (
    'a an the and or but of to in on at by for from with as is are was were be been it its this that these those ' +
    'after before over under amid says said say new news live update updates report reports'
  ).split(' '),
);

/** The meaningful words of a title, lower-cased (numbers kept: "$50,000" and "50K" differ, on purpose). */
export function titleWords(title: string): Set<string> {
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']s\b/g, '')
    .split(/[^\p{L}\p{N}$%.]+/u)
    .map((w) => w.replace(/^[.]+|[.]+$/g, ''))
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w));
  return new Set(words);
}

/** Jaccard similarity of two word sets (0 when both are empty). */
export function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const all = a.size + b.size - shared;
  return all === 0 ? 0 : shared / all;
}

/**
 * The key of a headline: a short hash of its outlet, minute and normalised title, the same across fetches and
 * processes (the store's de-duplication key, and a story's id in facts).
 */
export function headlineKey(h: Pick<Headline, 'outlet' | 'title' | 'publishedAt'>): string {
  const text = `${h.outlet.toLowerCase()}|${Math.floor(h.publishedAt / 60_000)}|${[...titleWords(h.title)].join(' ')}`;
  // FNV-1a, 32 bits twice (two seeds), as 16 hex digits: enough to tell a few thousand headlines apart
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * Merge headlines into stories, earliest first. A headline joins the earliest story it resembles (similar title,
 * published close in time); the same outlet counts once per story (its earliest item).
 */
export function mergeStories(headlines: readonly Headline[]): NewsStory[] {
  const sorted = [...headlines].sort((a, b) => a.publishedAt - b.publishedAt || a.outlet.localeCompare(b.outlet));
  const stories: Array<NewsStory & { words: Set<string> }> = [];
  for (const h of sorted) {
    const words = titleWords(h.title);
    const story = stories.find(
      (s) =>
        h.publishedAt - s.publishedAt <= SAME_STORY_WITHIN_MS && similarity(s.words, words) >= SAME_STORY_SIMILARITY,
    );
    if (!story) {
      stories.push({
        key: headlineKey(h),
        title: h.title,
        publishedAt: h.publishedAt,
        firstSeenAt: h.firstSeenAt,
        sources: [{ outlet: h.outlet, link: h.link, publishedAt: h.publishedAt }],
        words,
      });
      continue;
    }
    story.firstSeenAt = Math.min(story.firstSeenAt, h.firstSeenAt);
    if (!story.sources.some((s) => s.outlet === h.outlet))
      story.sources.push({ outlet: h.outlet, link: h.link, publishedAt: h.publishedAt });
  }
  return stories.map(({ words: _words, ...s }) => s);
}
