// Turns a rendered template into paragraphs: blocks are separated by a line holding only "---",
// whitespace inside a block collapses to single spaces, and a block starting with "# " is a heading.

/** The paragraph marker templates use between blocks. */
export const PARAGRAPH_MARKER = '---';

/** Collapse whitespace (including newlines) to single spaces and tidy spaces before punctuation. */
export function oneLine(s: string): string {
  return (
    s
      .replace(/\s+/g, ' ')
      .replace(/ ([.,;:!?)])/g, '$1')
      .replace(/\( /g, '(')
      // CJK text has no spaces between sentences: none after full-width punctuation
      .replace(/([。！？；：，、）])\s+/gu, '$1')
      .replace(/(\p{Script=Han})\s+(?=\p{Script=Han})/gu, '$1')
      .trim()
  );
}

/** Split rendered template output into blocks (each collapsed to one line), dropping empty ones. */
export function blocks(rendered: string): string[] {
  return rendered
    .split(PARAGRAPH_MARKER)
    .map(oneLine)
    .filter((b) => b.length > 0);
}

/** A section's heading (from a leading "# " block) and its paragraphs. */
export function parseSection(rendered: string): { heading?: string | undefined; paragraphs: string[] } {
  const bs = blocks(rendered);
  let heading: string | undefined;
  if (bs[0]?.startsWith('# ')) heading = bs.shift()!.slice(2).trim() || undefined;
  return { heading, paragraphs: bs.filter((b) => !b.startsWith('# ')) };
}
