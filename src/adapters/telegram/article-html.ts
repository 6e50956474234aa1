// An article as Telegram HTML parse-mode messages (escaped), at most 4096 characters each, split on section
// boundaries. Pure: no telegraf here.
import type { ArticleDocument } from '../../core/document.ts';
import { escapeHtml, splitHtml, TELEGRAM_MESSAGE_LIMIT } from './html.ts';

/** Blocks of HTML that should stay together when possible: title, each section, key figures, footer. */
function htmlBlocks(doc: ArticleDocument): string[] {
  const out: string[] = [];
  let head = `<b>${escapeHtml(doc.title)}</b>`;
  if (doc.replayNote) head += `\n<i>${escapeHtml(doc.replayNote)}</i>`;
  out.push(head);
  for (const s of doc.sections) {
    const cited = (s.links ?? []).map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' · ');
    const body = [...s.paragraphs.map(escapeHtml), ...(cited ? [cited] : [])].join('\n\n');
    out.push(s.heading ? `<b>${escapeHtml(s.heading)}</b>\n${body}` : body);
  }
  if (doc.keyFigures.length)
    out.push(doc.keyFigures.map((k) => `• <b>${escapeHtml(k.label)}</b>: ${escapeHtml(k.text)}`).join('\n'));
  if (doc.footer.length) out.push(`<i>${doc.footer.map(escapeHtml).join('\n')}</i>`);
  return out;
}

/** Split an HTML block that is too long (tags closed and reopened at the cuts). */
function splitBlock(block: string): string[] {
  return block.length <= TELEGRAM_MESSAGE_LIMIT ? [block] : splitHtml(block);
}

/** The article as Telegram HTML messages, each at most 4096 characters, split between sections. */
export function renderTelegramHtml(doc: ArticleDocument): string[] {
  const messages: string[] = [];
  let cur = '';
  for (const block of htmlBlocks(doc).flatMap(splitBlock)) {
    const next = cur ? `${cur}\n\n${block}` : block;
    if (next.length <= TELEGRAM_MESSAGE_LIMIT) cur = next;
    else {
      if (cur) messages.push(cur);
      cur = block;
    }
  }
  if (cur) messages.push(cur);
  return messages;
}
