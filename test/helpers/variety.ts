// Test helper for issue 22 point 7 (an article worth reading every day): how often the same sentence recurs word
// for word across a run of daily articles. Labels and disclaimers (headings, key figures, footer, replay note) are
// left out: only the prose of the sections counts.
import type { ArticleDocument } from '../../src/core/document.ts';

/** Disclaimers inside the prose: the note that a kind of data was missing (it must read the same to be clear). */
export const DISCLAIMERS = [/^Without .* data, the part leveraged traders played cannot be measured here\.$/];

/** The prose sentences of an article (section paragraphs split at sentence ends), trimmed, disclaimers left out. */
export function proseSentences(doc: ArticleDocument): string[] {
  return doc.sections
    .flatMap((s) => s.paragraphs)
    .flatMap((p) => p.split(/(?<=[.!?])\s+(?=[A-Z$])/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !DISCLAIMERS.some((d) => d.test(s)));
}

/** How many of the articles hold each sentence (each article counted once per sentence). */
export function sentenceCounts(docs: readonly ArticleDocument[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of docs) for (const s of new Set(proseSentences(d))) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

/** The sentence found in the largest share of the articles, and that share (0..1). */
export function mostRecurring(docs: readonly ArticleDocument[]): { sentence: string; share: number } {
  let best = { sentence: '', share: 0 };
  for (const [sentence, n] of sentenceCounts(docs))
    if (n / docs.length > best.share) best = { sentence, share: n / docs.length };
  return best;
}
