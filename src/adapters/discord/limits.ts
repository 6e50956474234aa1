// Discord's limits on embeds and messages, and the one splitter and clipper Discord rendering uses.

/** Discord embed and message limits (characters). */
export const DISCORD = Object.freeze({
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** Sum of title, description, field names/values and footer over all embeds of one message. */
  messageTotal: 6000,
  embedsPerMessage: 10,
});

/** Cut `s` to at most `max` characters, ending with an ellipsis when cut (prefers a word boundary). */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Split text into pieces of at most `max` characters, at paragraph, then sentence, then word boundaries. */
export function splitText(s: string, max: number): string[] {
  if (s.length <= max) return [s];
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let at = window.lastIndexOf('\n\n');
    if (at < max * 0.3) at = window.lastIndexOf('. ') + 1;
    if (at < max * 0.3) at = window.lastIndexOf(' ');
    if (at < max * 0.3) at = max;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}
