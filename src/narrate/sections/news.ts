// Context for what the feeds reported around the move: the lead headline (outlet, time, quoted title, and how it
// stands in time to the move), up to two more, the full story's timeline, and whether the feeds held nothing that
// lines up. Titles are quoted as published (already plain text); times carry their date when not on the article's
// day. Order in time only: the template never says a headline caused anything.
import type { AlignedHeadline, NewsFacts } from '../../analyse/news.ts';
import type { FigureBook } from '../figure-book.ts';

const HOUR = 3_600_000;
const sameDate = (a: number, b: number) =>
  new Date(a).toISOString().slice(0, 10) === new Date(b).toISOString().slice(0, 10);

/** One headline for the templates. */
function headlineCtx(h: AlignedHeadline, asOf: number, f: NewsFacts, book: FigureBook) {
  const time = book.text(h.publishedAt, sameDate(h.publishedAt.value, asOf) ? 'time' : 'signed');
  if (!time) return null;
  const anchor = h.when === 'before-fastest' ? f.fastestStart : f.moveStart;
  const hoursBefore = (anchor - h.publishedAt.value) / HOUR;
  return {
    title: h.title,
    outlet: h.outlet,
    also: h.alsoIn.length > 0 ? book.words.list(h.alsoIn.slice(0, 3)) : null,
    time,
    minutes: book.text(h.minutesBefore),
    one_minute: h.minutesBefore?.value === 1,
    before: h.when === 'before-start' || h.when === 'before-fastest',
    before_fastest: h.when === 'before-fastest',
    within_hour: hoursBefore <= 1,
    // the hour the start lies in, when it is known only to the hour (the time comes from the same data)
    anchor_time:
      f.resolutionMs >= HOUR
        ? book.text(h.when === 'before-fastest' ? f.fastestAt : f.startAt, sameDate(anchor, asOf) ? 'time' : 'signed')
        : null,
    during: h.when === 'during-fastest',
    later: h.when === 'during-move',
    link: h.link ?? null,
  };
}

/** The news part of the context (null when no feeds were read for this article). */
export function newsCtx(f: NewsFacts | undefined, asOf: number, book: FigureBook) {
  if (!f) return null;
  const aligned = f.aligned.map((h) => headlineCtx(h, asOf, f, book)).filter((h) => h !== null);
  const timeline = f.timeline.map((h) => headlineCtx(h, asOf, f, book)).filter((h) => h !== null);
  return {
    lead: aligned[0] ?? null,
    more: aligned.slice(1),
    timeline,
    none: aligned.length === 0,
    empty: f.searched.stories === 0,
  };
}

/**
 * The links of the headlines a section states, for the renderers (http(s) only, checked when the feed was read):
 * the lede cites the headline that lines up best; the news section the others (and, in the full form, the timeline).
 */
export function newsLinks(
  f: NewsFacts | undefined,
  section: 'lede' | 'reported',
  form: 'short' | 'full',
): Array<{ label: string; url: string }> {
  if (!f) return [];
  const [lead, ...more] = f.aligned;
  const shown = section === 'lede' ? (lead ? [lead] : []) : form === 'full' ? [...more, ...f.timeline] : more;
  const out: Array<{ label: string; url: string }> = [];
  for (const h of shown)
    if (h.link && h.link !== (section === 'reported' ? lead?.link : undefined) && !out.some((l) => l.url === h.link))
      out.push({ label: `${h.outlet}: ${h.title}`, url: h.link });
  return out.slice(0, 4);
}
