// The daily digest as posted: the full article, titled as the day's digest, opened by a line that says when it
// was due and, when it is late, that it is late and by how much. Pure: times are arguments.
import type { ArticleReply } from '../core/reply.ts';
import { formatDurationIn } from '../narrate/time-format.ts';
import type { Words } from '../narrate/words.ts';
import type { ArticleDocument } from '../core/document.ts';
import { localDateTime, localTime, type DailyTime } from './digest-time.ts';

/** When the digest was due and when it goes out. */
export interface DigestPostTime {
  dueAt: number;
  postedAt: number;
  late: boolean;
}

/** The opening line of a digest, in the chat's command words. */
export function digestIntro(schedule: DailyTime, timing: DigestPostTime, ui: Words): string {
  if (!timing.late) return ui.t('digest.intro', { time: schedule.time, zone: schedule.timeZone });
  return ui.t('digest.intro_late', {
    due: localDateTime(timing.dueAt, schedule.timeZone),
    zone: schedule.timeZone,
    late: formatDurationIn(ui, timing.postedAt - timing.dueAt),
    now: localTime(timing.postedAt, schedule.timeZone),
  });
}

/**
 * The digest reply: the article (full form) with the digest's title and opening line, and the calendar line
 * (today's and tomorrow's scheduled events in the schedule's zone, see narrate/calendar-digest.ts) when given.
 */
export function digestReply(
  article: ArticleDocument,
  schedule: DailyTime,
  timing: DigestPostTime,
  ui: Words,
  calendarLine?: string,
): ArticleReply {
  const document: ArticleDocument = {
    ...article,
    title: ui.t('digest.title', { title: article.title }),
    sections: [
      { id: 'digest', paragraphs: [digestIntro(schedule, timing, ui), ...(calendarLine ? [calendarLine] : [])] },
      ...article.sections,
    ],
  };
  return { kind: 'article', document };
}
