// Telegram HTML helpers: escaping text and splitting long HTML into messages without breaking tags or entities.

/** Escape text for Telegram's HTML parse mode (`&`, `<`, `>`, and `"` for attribute safety). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Telegram's limit on one message's text, in characters (UTF-16 code units, checked conservatively). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

const ENTITY = '&(?:#\\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);';
/** Tags, paragraph breaks, other whitespace, words (text with entities), and stray `<` or `&`. */
const ATOM = new RegExp(`<\\/?[a-zA-Z][^<>]*>|\\n{2,}|\\s+|(?:${ENTITY}|[^\\s<&])+|[<&]`, 'g');
/** Pieces of a word that must stay whole: entities and single characters (surrogate pairs kept together). */
const PIECE = new RegExp(`${ENTITY}|[\\s\\S]`, 'gu');

interface OpenTag {
  name: string;
  tag: string;
}

const tagName = (tag: string) => /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(tag)?.[1]?.toLowerCase() ?? '';

/**
 * Split HTML (as produced for Telegram: simple tags, escaped text) into messages of at most `limit` characters.
 * Cuts prefer paragraph breaks, then spaces; a tag open at a cut is closed and reopened in the next message;
 * tags and entities are never cut. Whitespace at a cut is dropped. Empty input gives no messages.
 */
export function splitHtml(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const atoms = html.match(ATOM) ?? [];
  const chunks: string[] = [];
  const open: OpenTag[] = [];
  const closing = () =>
    open
      .map((t) => `</${t.name}>`)
      .reverse()
      .join('');
  const reopen = () => open.map((t) => t.tag).join('');
  let current = '';
  const visible = (s: string) => s.replace(/<[^>]*>/g, '').trim() !== '';
  const flush = () => {
    if (visible(current)) chunks.push((current + closing()).trim());
    current = reopen();
  };
  const room = () => limit - current.length - closing().length;
  const paragraphLength = (from: number) => {
    let n = 0;
    for (let j = from; j < atoms.length && !/^\n{2,}$/.test(atoms[j] ?? ''); j++) n += (atoms[j] ?? '').length;
    return n;
  };
  for (let i = 0; i < atoms.length; i++) {
    const atom = atoms[i] ?? '';
    if (/^\n{2,}$/.test(atom)) {
      const next = paragraphLength(i + 1);
      if (next + atom.length > room() && next <= limit - reopen().length - closing().length) flush();
      else if (atom.length > room()) flush();
      else current += atom;
      continue;
    }
    if (atom.startsWith('</') && atom.length > 2 && atom.endsWith('>')) {
      const name = tagName(atom);
      const at = open.map((t) => t.name).lastIndexOf(name);
      if (at >= 0) open.splice(at, 1);
      current += atom;
      continue;
    }
    if (atom.startsWith('<') && atom.length > 1 && atom.endsWith('>')) {
      const name = tagName(atom);
      if (atom.length + name.length + 3 > room()) flush();
      open.push({ name, tag: atom });
      current += atom;
      continue;
    }
    if (/^\s+$/.test(atom)) {
      if (atom.length > room()) flush();
      else current += atom;
      continue;
    }
    if (atom.length > room()) flush();
    if (atom.length <= room()) {
      current += atom;
      continue;
    }
    // A word longer than a whole message: cut it between characters, never inside an entity.
    for (const piece of atom.match(PIECE) ?? []) {
      if (piece.length > room() && visible(current)) flush();
      current += piece;
    }
  }
  flush();
  return chunks;
}
