// A pseudo-language made the way a real one is added: a folder of templates and messages (every letter of the
// English text turned into an accented look-alike, Liquid tags and ICU placeholders left alone) and its line in a
// copy of templates/languages.yaml. Any English that still shows in its articles did not come from the files.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
    c,
    [...'àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]!,
  ]),
);

/** Accent every ASCII letter. */
export const pseudo = (text: string): string => text.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? c);

/** Accent the words of a Liquid template, leaving `{{ }}` and `{% %}` (and comments) as they are. */
export function pseudoLiquid(source: string): string {
  return source
    .split(/(\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}|\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\})/)
    .map((part, i) => (i % 2 === 1 ? part : pseudo(part)))
    .join('');
}

/** Accent the literal text of an ICU message, leaving argument names, types and option keys alone. */
export function pseudoIcu(message: string): string {
  let i = 0;
  const literal = (end: string | undefined): string => {
    let out = '';
    while (i < message.length && message[i] !== end) {
      if (message[i] === '{') out += argument();
      else if (message[i] === '#') out += message[i++];
      else out += pseudo(message[i++]!);
    }
    return out;
  };
  const argument = (): string => {
    const start = i++;
    const depth = 0;
    let head = '';
    while (i < message.length && !(depth === 0 && (message[i] === '}' || message[i] === '{'))) head += message[i++];
    if (message[i] === '}') {
      i++;
      return message.slice(start, i);
    }
    // an argument with options: `n, plural, one {...} other {...}`; each option's message is literal text again
    let out = `{${head}`;
    while (message[i] === '{') {
      i++;
      out += `{${literal('}')}}`;
      i++;
      while (i < message.length && message[i] !== '{' && message[i] !== '}') out += message[i++];
    }
    i++;
    return `${out}}`;
  };
  return literal(undefined);
}

/** A copy of `root` (a templates/ folder) with the pseudo-language `code` added; returns the copy's path. */
export function withPseudoLanguage(root: string, code = 'xx'): string {
  const copy = mkdtempSync(join(tmpdir(), 'whybot-pseudo-'));
  cpSync(root, copy, { recursive: true });
  const dir = join(copy, code);
  mkdirSync(dir);
  for (const file of readdirSync(join(root, 'en'))) {
    const text = readFileSync(join(root, 'en', file), 'utf8');
    if (file.endsWith('.liquid')) writeFileSync(join(dir, file), pseudoLiquid(text));
    else if (file.endsWith('.yaml')) {
      const parsed = parse(text) as { messages: Record<string, string> };
      const messages = Object.fromEntries(
        Object.entries(parsed.messages).map(([k, v]) => [k, k.endsWith('.name') ? v : pseudoIcu(v)]),
      );
      writeFileSync(join(dir, file), stringify({ code, locale: 'en-XA', messages }));
    }
  }
  appendFileSync(join(copy, 'languages.yaml'), `- { code: ${code}, name: Pseudo, locale: en-XA }\n`);
  return copy;
}
