// Turns a neutral reply into plain text for the terminal. Images cannot be shown there: each file is named,
// with where the terminal adapter saved it when it did. Times show in UTC.
import type { Reply } from '../../core/reply.ts';
import { renderText } from '../../narrate/render-text.ts';
import type { SavedFile } from './save-files.ts';
import { zonedTimeText } from '../times.ts';

/** One line per file: where it was saved and what it shows, or that it could not be saved. */
function fileLines(reply: Reply, saved: readonly SavedFile[] | undefined): string[] {
  if (saved === undefined) return (reply.files ?? []).map((f) => `[attachment: ${f.name}]`);
  return saved.map(({ file, path, error }) => {
    const what = file.description === undefined ? file.name : file.description;
    return path === undefined
      ? `[${file.name} could not be saved: ${error ?? 'unknown error'}]`
      : `[chart image saved to ${path}: ${what}]`;
  });
}

/** The reply as terminal text (no markup, nothing escaped: a terminal shows text as it is). */
export function renderTerminalReply(reply: Reply, saved?: readonly SavedFile[]): string {
  if (reply.kind === 'article')
    return zonedTimeText(
      [renderText(reply.document), ...fileLines(reply, saved)].join('\n'),
      'UTC',
      undefined,
      reply.document.locale,
    );
  const head = reply.title === undefined ? [] : [reply.title, '-'.repeat(Math.min(reply.title.length, 72))];
  return zonedTimeText(
    [...head, ...reply.lines, ...fileLines(reply, saved)].join('\n'),
    'UTC',
    undefined,
    reply.locale,
  );
}
