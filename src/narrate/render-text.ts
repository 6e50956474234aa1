// Plain-text rendering of an ArticleDocument (terminal adapter, CLI, logs).
import type { ArticleDocument } from '../core/document.ts';

/** The article as plain text: title, replay note, sections with headings, key figures, footer. */
export function renderText(doc: ArticleDocument): string {
  const out: string[] = [doc.title];
  if (doc.replayNote) out.push(`[${doc.replayNote}]`);
  for (const s of doc.sections) {
    out.push('');
    if (s.heading) out.push(s.heading.toLocaleUpperCase(doc.locale ?? 'en'));
    out.push(s.paragraphs.join('\n\n'));
    for (const l of s.links ?? []) out.push(`  ${l.label} <${l.url}>`);
  }
  if (doc.keyFigures.length) {
    out.push('');
    for (const k of doc.keyFigures) out.push(`  ${k.label}: ${k.text}`);
  }
  if (doc.footer.length) {
    out.push('');
    out.push(...doc.footer);
  }
  return out.join('\n');
}
