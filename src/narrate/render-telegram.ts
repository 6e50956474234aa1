// Telegram rendering: HTML parse-mode messages (escaped), split at 4096 characters on section boundaries.
import type { ArticleDocument } from '../core/document.ts';
import { splitText, TELEGRAM } from './limits.ts';

/** Escape text for Telegram's HTML parse mode. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Blocks of HTML that should stay together when possible: title, each section, key figures, footer. */
function htmlBlocks(doc: ArticleDocument): string[] {
  const out: string[] = [];
  let head = `<b>${escapeHtml(doc.title)}</b>`;
  if (doc.replayNote) head += `\n<i>${escapeHtml(doc.replayNote)}</i>`;
  out.push(head);
  for (const s of doc.sections) {
    const body = s.paragraphs.map(escapeHtml).join('\n\n');
    out.push(s.heading ? `<b>${escapeHtml(s.heading)}</b>\n${body}` : body);
  }
  if (doc.keyFigures.length) out.push(doc.keyFigures.map((k) => `• <b>${escapeHtml(k.label)}</b>: ${escapeHtml(k.text)}`).join('\n'));
  if (doc.footer.length) out.push(`<i>${doc.footer.map(escapeHtml).join('\n')}</i>`);
  return out;
}

/** Split an HTML block that is too long; tags are only ever at block starts, so cut pieces are re-wrapped plain. */
function splitBlock(block: string): string[] {
  if (block.length <= TELEGRAM.message) return [block];
  // Remove the markup, split the plain text, and re-escape nothing (it is already escaped).
  const plain = block.replace(/<\/?(b|i)>/g, '');
  return splitText(plain, TELEGRAM.message);
}

/** The article as Telegram HTML messages, each at most 4096 characters, split between sections. */
export function renderTelegramHtml(doc: ArticleDocument): string[] {
  const messages: string[] = [];
  let cur = '';
  for (const block of htmlBlocks(doc).flatMap(splitBlock)) {
    const next = cur ? `${cur}\n\n${block}` : block;
    if (next.length <= TELEGRAM.message) cur = next;
    else {
      if (cur) messages.push(cur);
      cur = block;
    }
  }
  if (cur) messages.push(cur);
  return messages;
}
