// Turns a neutral reply into plain text for the terminal.
import type { Reply } from '../../../commands/types.ts';
import { renderText } from '../article-renderers.ts';

/** The reply as terminal text (no markup, nothing escaped: a terminal shows text as it is). */
export function renderTerminalReply(reply: Reply): string {
  if (reply.kind === 'article') {
    const files = (reply.files ?? []).map((f) => `[attachment: ${f.name}]`);
    return [renderText(reply.document), ...files].join('\n');
  }
  const head = reply.title === undefined ? [] : [reply.title, '-'.repeat(Math.min(reply.title.length, 72))];
  return [...head, ...reply.lines].join('\n');
}
