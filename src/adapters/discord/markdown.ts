// Discord markdown escaping: the one escaper for every text whybot puts in a Discord message (articles and
// notices alike), so data, templates and what users typed never turn into formatting, links or headings.

/**
 * Escape Discord markdown: emphasis, code, spoilers and escapes anywhere (`* _ ~ \` | \\`), masked-link brackets
 * (`[ ]`), and, at the start of a line, quotes (`>`), headings (`#`) and list markers (`-`).
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\*_~`|[\]])/g, '\\$1').replace(/^(\s*)([>#-])/gm, '$1\\$2');
}
