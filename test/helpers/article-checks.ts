// Test helper: checks every article must pass — no forbidden tokens, every digit traceable to a Figure,
// platform limits respected, direction words matching the move.
import type { Facts } from '../../src/analyse/facts.ts';
import { baseSources } from '../../src/narrate/context.ts';
import type { ArticleDocument } from '../../src/core/document.ts';
import { DISCORD } from '../../src/adapters/discord/limits.ts';
import { TELEGRAM_MESSAGE_LIMIT } from '../../src/adapters/telegram/html.ts';
import { exchangeName } from '../../src/core/markets.ts';
import { loadLanguages } from '../../src/app/languages.ts';
import { oneLine } from '../../src/narrate/paragraphs.ts';
import { type DiscordEmbedMessage, embedSize } from '../../src/adapters/discord/article-embeds.ts';

/** English coin names ("Bitcoin"), as articles print them. */
const englishWords = loadLanguages().pack('en').words;

/** Tokens that must never reach a reader. */
export function forbiddenTokens(text: string): string[] {
  const bad: string[] = [];
  for (const re of [/NaN/, /undefined/, /Infinity/, /\bnull\b/, /\[object/, /\$0(\.0+)?(?![\d.])/, /-\$?0\.0+%/]) {
    const m = text.match(re);
    if (m) bad.push(m[0]);
  }
  return bad;
}

/** All readable text of a document in one string. */
export function documentText(doc: ArticleDocument): string {
  return [
    doc.title,
    doc.replayNote ?? '',
    ...doc.sections.flatMap((s) => [s.heading ?? '', ...s.paragraphs]),
    ...doc.keyFigures.flatMap((k) => [k.label, k.text]),
    ...doc.footer,
  ].join('\n');
}

/**
 * Digits in `text` not explained by a figure text of the document, a coin ticker or name, the exchange name,
 * or a source name. An empty list means every number in the text is traceable.
 */
export function untracedNumbers(text: string, doc: ArticleDocument, facts: Facts): string[] {
  const known = [
    ...doc.figures.map((f) => f.text),
    ...facts.coins.flatMap((c) => [c.coin, englishWords.coin(c.coin)]),
    facts.focus.coin,
    facts.exchangeName,
    ...(facts.liquidations?.exchanges ?? []).flatMap((e) => [e, exchangeName(e)]),
    ...facts.holders.map((h) => h.name),
    ...(facts.sentiment ? [facts.sentiment.value.label, facts.sentiment.classification] : []),
    ...(facts.breadth?.references ?? []).flatMap((r) => [r.label, r.base]),
    ...baseSources(facts.sources),
  ]
    .flatMap((s) => [s, oneLine(s)])
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  // Each known text only where it stands on its own (not inside a longer word or number): a random holder called
  // "e 2" must not eat the digits of "the 22 days", nor a figure "1" those of "1000PEPE".
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let rest = text;
  const alnum = /[\p{L}\p{N}]/u;
  for (const k of known) {
    // the edge of a text that is itself a letter or digit must not touch another one
    const before = alnum.test(k[0]!) ? '(?<![\\p{L}\\p{N}])' : '';
    const after = alnum.test(k[k.length - 1]!) ? '(?![\\p{L}\\p{N}])' : '';
    rest = rest.replace(new RegExp(`${before}${escapeRegExp(k)}${after}`, 'gu'), ' ');
  }
  return rest.match(/\S*\d\S*/g) ?? [];
}

/** Limit violations of Discord messages; `single` demands one message with one embed. */
export function discordProblems(messages: DiscordEmbedMessage[], single: boolean): string[] {
  const p: string[] = [];
  if (single && (messages.length !== 1 || messages[0]!.embeds.length !== 1))
    p.push(`expected one embed, got ${messages.map((m) => m.embeds.length).join('+')}`);
  for (const m of messages) {
    if (m.embeds.length > DISCORD.embedsPerMessage) p.push('too many embeds');
    const total = m.embeds.reduce((s, e) => s + embedSize(e), 0);
    if (total > DISCORD.messageTotal) p.push(`message total ${total}`);
    for (const e of m.embeds) {
      if ((e.title?.length ?? 0) > DISCORD.title) p.push('title too long');
      if ((e.description?.length ?? 0) > DISCORD.description) p.push('description too long');
      if ((e.footer?.text.length ?? 0) > DISCORD.footer) p.push('footer too long');
      if ((e.fields?.length ?? 0) > DISCORD.fields) p.push('too many fields');
      for (const f of e.fields ?? [])
        if (f.name.length > DISCORD.fieldName || f.value.length > DISCORD.fieldValue || !f.name || !f.value)
          p.push('bad field');
    }
  }
  return p;
}

/** Limit violations of Telegram messages; `single` demands exactly one message. */
export function telegramProblems(messages: string[], single: boolean): string[] {
  const p: string[] = [];
  if (messages.length === 0) p.push('no message');
  if (single && messages.length !== 1) p.push(`expected one message, got ${messages.length}`);
  for (const m of messages) if (m.length > TELEGRAM_MESSAGE_LIMIT) p.push(`message of ${m.length}`);
  return p;
}

/** Words that describe a fall; a rising day must use none of them. */
export const FALL_WORDS =
  /\b(crash\w*|fall\w*|fell|drop\w*|plung\w*|sink\w*|sank|sell(s|ing)?[- ]?off|slid\w*|slump\w*|tumbl\w*)\b/i;
/** Words that describe a rise; a falling day's headline must use none of them. */
export const RISE_WORDS = /\b(ris\w*|rose|rall\w*|climb\w*|gain\w*|surg\w*|jump\w*|soar\w*|up today)\b/i;

/** Eight-word runs of a text (lower case, punctuation removed), for "no sentence copied" checks. */
export function wordRuns(text: string, n = 8): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^a-z0-9$%.]+/)
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

/** Ids of figures that describe the data rather than the market ("the 30 days of data"): they may recur. */
const DATA_SPAN_ID = /(\.span|[dD]ataDays|baselineDays|hourlyDays|\.days)$/;

/**
 * Market figures (prices, amounts, changes, multiples) printed in the prose (sections only) more often than there are figures with that text: each is
 * stated once. Lengths of data ("over the 7 days of data") describe the data, not the market, and may recur.
 */
export function repeatedFigures(doc: ArticleDocument): string[] {
  const prose = doc.sections.flatMap((s) => s.paragraphs).join('\n');
  const out: string[] = [];
  for (const f of doc.figures) {
    // Prices, amounts, changes and multiples; a bare small count ("3") is too common a string to track.
    if (!/[$%]|\dx$/.test(f.text)) continue;
    if (DATA_SPAN_ID.test(f.id) || doc.figures.some((g) => g.text === f.text && DATA_SPAN_ID.test(g.id))) continue;
    const escaped = f.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Longer figure texts that contain this one ("5 August 2024, 06:00 UTC" holds "06:00 UTC") are not repeats of it.
    let rest = prose;
    for (const g of doc.figures)
      if (g.text.length > f.text.length && g.text.includes(f.text)) rest = rest.split(g.text).join(' ');
    const times = (rest.match(new RegExp(`(?<![\\d.,$])${escaped}(?!\\d|[.,]\\d)`, 'g')) ?? []).length;
    const same = doc.figures.filter((g) => g.text === f.text).length;
    if (times > same) out.push(`${f.id} ${f.text} x${times}`);
  }
  return out;
}

/** Four-word runs shared by the lede and the bottom line (they must never repeat a phrase). */
export function ledeBottomRepeats(doc: ArticleDocument): string[] {
  const runs = (s: string) => {
    const w = s
      .toLowerCase()
      .replace(/[^a-z0-9$%,. ]/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
    return new Set(w.slice(0, Math.max(0, w.length - 3)).map((_, i) => w.slice(i, i + 4).join(' ')));
  };
  const lede = runs(doc.sections.find((s) => s.id === 'lede')?.paragraphs.join(' ') ?? '');
  return [...runs(doc.sections.find((s) => s.id === 'bottom-line')?.paragraphs.join(' ') ?? '')].filter((r) =>
    lede.has(r),
  );
}
