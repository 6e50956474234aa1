// Headlines lined up in time with the move: which stories the feeds carried shortly before the move began or
// during its fastest stretch, ranked by their themes, whether they name the coin (or crypto), how many outlets
// carried them and how close they came to the start. Pure. The result states order in time, never cause: an
// article says what was reported as the fall began, and that nothing lined up when nothing did.
import type { NewsStory } from '../core/news.ts';
import type { Part } from '../gather/types.ts';
import { fact, type Fact } from './fact.ts';
import { mentionsCoin, NEWS_THEMES, themesOf, type NewsTheme } from './news-themes.ts';

/** How far before the move's start a headline may come and still be "as the move began". */
export const NEWS_LEAD_MS = 3 * 3_600_000;
/** At most this many headlines are offered in the article (the timeline may hold more). */
export const NEWS_MAX_ALIGNED = 3;
/** The full story's timeline holds at most this many. */
export const NEWS_MAX_TIMELINE = 6;

/** One headline lined up with the move. */
export interface AlignedHeadline {
  title: string;
  /** The outlet that carried it first, and its link (http(s) only). */
  outlet: string;
  link?: string | undefined;
  /** Other outlets that carried the same story. */
  alsoIn: string[];
  /** When the first outlet published it (a `datetime` fact, sourced to that outlet's feed). */
  publishedAt: Fact;
  themes: NewsTheme[];
  /**
   * How it stands in time: before the move began, before its fastest stretch began (the move already under way),
   * inside the fastest stretch, or later in the move (timeline only).
   */
  when: 'before-start' | 'before-fastest' | 'during-fastest' | 'during-move';
  /** Minutes from the headline to the start it came before, when that start is known to within five minutes. */
  minutesBefore?: Fact | undefined;
  /** Ranking score (0..), for ordering only; never printed. */
  score: number;
}

/** What the feeds showed around the move. */
export interface NewsFacts {
  /** The best-ranked headlines that line up, strongest first (at most NEWS_MAX_ALIGNED). */
  aligned: AlignedHeadline[];
  /** Every relevant story in the window, oldest first (the "Full story" timeline). */
  timeline: AlignedHeadline[];
  /** How many stories, from how many outlets, the feeds held over the window searched (for "nothing lined up"). */
  searched: { stories: number; outlets: string[]; from: number; to: number };
  /** The move's start and its fastest stretch's start that headlines are measured against, and how precisely they are known (ms). */
  moveStart: number;
  fastestStart: number;
  resolutionMs: number;
  /** The same two starts as datetime facts (from the candles they were read from), for printing. */
  startAt: Fact;
  fastestAt: Fact;
}

/** The move the headlines are lined up against. */
export interface MoveWindow {
  /** When the move began (epoch ms), to `resolutionMs`. */
  start: number;
  resolutionMs: number;
  /** The fastest stretch, [from, to) epoch ms. */
  fastest: { from: number; to: number };
  /** When the move's leg ended (epoch ms). */
  end: number;
  /** The candles the times come from ("Binance spot hourly candles"). */
  source: string;
}

/** Inputs of newsFacts. */
export interface NewsInputs {
  part: Part<NewsStory[]> | undefined;
  coin: string;
  move: MoveWindow | undefined;
  /** The analysis time: stories first seen after it are not yet known. */
  now: number;
}

/** Line the stories up with the move; undefined when no feeds were read or there is no move to line up against. */
export function newsFacts(inp: NewsInputs): NewsFacts | undefined {
  const { part, move } = inp;
  if (!part?.ok || !move) return undefined;
  const startAt = fact('move.start', 'start of the move', move.start, 'datetime', move.source, move.start);
  const fastestAt = fact(
    'move.fastest',
    'start of its fastest stretch',
    move.fastest.from,
    'datetime',
    move.source,
    move.fastest.from,
  );
  if (!startAt || !fastestAt) return undefined;
  const from = move.start - NEWS_LEAD_MS;
  const to = Math.min(inp.now, move.end);
  const inWindow = part.value.filter(
    (s) => s.publishedAt >= from && s.publishedAt <= to && s.firstSeenAt <= inp.now && s.publishedAt <= inp.now,
  );
  const relevant = inWindow
    .map((s) => rank(s, inp.coin, move, part.source))
    .filter((h): h is AlignedHeadline => h !== undefined);
  const aligned = [...relevant]
    .filter((h) => h.when !== 'during-move')
    .sort((a, b) => b.score - a.score || a.publishedAt.value - b.publishedAt.value)
    .slice(0, NEWS_MAX_ALIGNED);
  const timeline = [...relevant].sort((a, b) => a.publishedAt.value - b.publishedAt.value).slice(0, NEWS_MAX_TIMELINE);
  return {
    aligned,
    timeline,
    searched: {
      stories: inWindow.length,
      outlets: [...new Set(inWindow.flatMap((s) => s.sources.map((x) => x.outlet)))].sort(),
      from,
      to,
    },
    moveStart: move.start,
    fastestStart: move.fastest.from,
    resolutionMs: move.resolutionMs,
    startAt,
    fastestAt,
  };
}

function rank(s: NewsStory, coin: string, move: MoveWindow, source: string): AlignedHeadline | undefined {
  const themes = themesOf(s.title);
  if (themes.length === 0) return undefined;
  const first = s.sources[0]!;
  // the fastest stretch is the sharper anchor when it began well after the move did
  const fastestApart = move.fastest.from - move.start > move.resolutionMs;
  const when: AlignedHeadline['when'] =
    s.publishedAt < move.start
      ? 'before-start'
      : fastestApart && s.publishedAt < move.fastest.from && move.fastest.from - s.publishedAt <= NEWS_LEAD_MS
        ? 'before-fastest'
        : s.publishedAt >= move.fastest.from && s.publishedAt < move.fastest.to
          ? 'during-fastest'
          : 'during-move';
  const anchor = when === 'before-fastest' ? move.fastest.from : move.start;
  const themeScore = NEWS_THEMES[themes[0]!].weight + 0.1 * (themes.length - 1);
  const coinScore = mentionsCoin(s.title, coin) ? 0.3 : 0;
  const outletScore = Math.min(0.3, 0.1 * (s.sources.length - 1));
  const timing =
    when === 'before-start' || when === 'before-fastest'
      ? 0.4 * (1 - (anchor - s.publishedAt) / NEWS_LEAD_MS)
      : when === 'during-fastest'
        ? 0.2
        : 0;
  const src = `${first.outlet} feed (${source})`;
  const minutes = Math.round((anchor - s.publishedAt) / 60_000);
  const at = fact(
    `news.${s.key}.at`,
    `time ${first.outlet} published the headline`,
    s.publishedAt,
    'datetime',
    src,
    s.publishedAt,
  );
  if (!at) return undefined;
  const lead =
    (when === 'before-start' || when === 'before-fastest') && move.resolutionMs <= 5 * 60_000 && minutes >= 1
      ? fact(
          `news.${s.key}.lead`,
          'minutes between the headline and the start it came before',
          minutes,
          'count',
          src,
          anchor,
        )
      : undefined;
  return {
    title: s.title,
    outlet: first.outlet,
    ...(first.link ? { link: first.link } : {}),
    alsoIn: s.sources.slice(1).map((x) => x.outlet),
    publishedAt: at,
    themes,
    when,
    ...(lead ? { minutesBefore: lead } : {}),
    score: themeScore + coinScore + outletScore + timing,
  };
}
