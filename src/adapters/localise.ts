// The data times an article states (its moment figures: data time, replay time, "collected since") turned into
// time tokens, so each adapter shows them in the reader's zone: Discord timestamps, Telegram the chat's zone.
// Which figures are moments, and when, comes with the document (Figure.moment and value), in any language.
import { timeToken } from '../core/time-token.ts';
import type { ArticleDocument } from '../core/document.ts';

/** The document with every stated data time replaced by a time token (style f). */
export function tokeniseTimes(doc: ArticleDocument): ArticleDocument {
  const times = new Map<string, number>();
  for (const f of doc.figures) if (f.moment && Number.isFinite(f.value)) times.set(f.text, f.value);
  if (times.size === 0) return doc;
  const swap = (text: string) => {
    let out = text;
    // to the nearest minute, as the narrator prints it: a close stamped 06:59:59.999 is the 07:00 close
    for (const [literal, ms] of times) out = out.split(literal).join(timeToken(Math.round(ms / 60_000) * 60_000, 'f'));
    return out;
  };
  return {
    ...doc,
    ...(doc.replayNote === undefined ? {} : { replayNote: swap(doc.replayNote) }),
    sections: doc.sections.map((s) => ({ ...s, paragraphs: s.paragraphs.map(swap) })),
    keyFigures: doc.keyFigures.map((k) => ({ ...k, text: swap(k.text) })),
    footer: doc.footer.map(swap),
  };
}
