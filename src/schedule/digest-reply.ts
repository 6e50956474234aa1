// The daily digest as posted: the full article, titled as the day's digest, opened by a line that says when it
// was due and, when it is late, that it is late and by how much. Pure: times are arguments.
import type { ArticleReply } from '../core/reply.ts';
import { formatDuration } from '../narrate/time-format.ts';
import type { ArticleDocument } from '../core/document.ts';
import { localDateTime, localTime, type DailyTime } from './digest-time.ts';

/** When the digest was due and when it goes out. */
export interface DigestPostTime {
  dueAt: number;
  postedAt: number;
  late: boolean;
}

/** The opening line of a digest. */
export function digestIntro(schedule: DailyTime, timing: DigestPostTime): string {
  const due = `${localDateTime(timing.dueAt, schedule.timeZone)} (${schedule.timeZone})`;
  if (!timing.late) return `Your daily digest, scheduled for ${schedule.time} ${schedule.timeZone}.`;
  return `Posted late: this digest was due at ${due}; whybot was not running then and posts it now, ${formatDuration(timing.postedAt - timing.dueAt)} later, at ${localTime(timing.postedAt, schedule.timeZone)}.`;
}

/**
 * The digest reply: the article (full form) with the digest's title and opening line, and the calendar line
 * (today's and tomorrow's scheduled events in the schedule's zone, see narrate/calendar-digest.ts) when given.
 */
export function digestReply(
  article: ArticleDocument,
  schedule: DailyTime,
  timing: DigestPostTime,
  calendarLine?: string,
): ArticleReply {
  const document: ArticleDocument = {
    ...article,
    title: `Daily digest: ${article.title}`,
    sections: [
      { id: 'digest', paragraphs: [digestIntro(schedule, timing), ...(calendarLine ? [calendarLine] : [])] },
      ...article.sections,
    ],
  };
  return { kind: 'article', document };
}
