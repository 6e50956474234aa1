// An article as Discord embeds: plain JSON objects shaped like Discord's (no discord.js here, so it stays pure). The short form is
// one message with one embed; the full form packs sections into embeds and messages within Discord's limits.
import type { ArticleDocument, Direction, SectionLink } from '../../core/document.ts';
import { clip, DISCORD, splitText } from './limits.ts';
import { discordPlainText } from './plain-text.ts';

/** One embed field. */
export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

/** An embed as Discord's API takes it (the subset whybot uses). */
export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: DiscordEmbedField[];
  footer?: { text: string };
  /** ISO time of the data, shown by Discord in the reader's time zone. */
  timestamp?: string;
}

/** One message's worth of embeds (at most 10, at most 6000 characters in all). */
export interface DiscordEmbedMessage {
  embeds: DiscordEmbed[];
}

/** Embed colour by direction: red down, green up, grey flat. */
export const DIRECTION_COLORS: Record<Direction, number> = { down: 0xd64545, up: 0x2e9e5b, flat: 0x8a8f98 };

/** Characters an embed counts against the 6000-per-message limit. */
export function embedSize(e: DiscordEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0)
  );
}

function sectionText(heading: string | undefined, paragraphs: string[], links: SectionLink[] = []): string {
  const cited = links.map((l) => `[${discordPlainText(l.label)}](${discordLinkUrl(l.url)})`).join(' · ');
  const body = [...paragraphs.map(discordPlainText), ...(cited ? [cited] : [])].join('\n\n');
  return heading ? `**${discordPlainText(heading)}**\n${body}` : body;
}

/** An http(s) address as a masked link's target: brackets, spaces and angle brackets percent-encoded. */
export function discordLinkUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The time of the data, when the document carries one (from the "data.asOf" figure). */
function dataTime(doc: ArticleDocument): string | undefined {
  const f = doc.figures.find((x) => x.id === 'data.asOf');
  return f && Math.abs(f.value) <= 8.64e15 ? new Date(f.value).toISOString() : undefined;
}

/**
 * The article as Discord messages of embeds. Short documents (no headings) give one message with one embed;
 * longer ones are split across embeds and, past 6000 characters, across messages.
 */
export function renderDiscordEmbeds(doc: ArticleDocument): DiscordEmbedMessage[] {
  const color = DIRECTION_COLORS[doc.direction];
  const fields: DiscordEmbedField[] = doc.keyFigures.slice(0, DISCORD.fields).map((k) => ({
    name: clip(k.label, DISCORD.fieldName),
    value: clip(discordPlainText(k.text), DISCORD.fieldValue),
    inline: true,
  }));
  const footer = { text: clip(doc.footer.join(' · '), DISCORD.footer) };
  const timestamp = dataTime(doc);
  const title = clip(doc.title, DISCORD.title);

  // Description chunks: the replay note, then each section.
  const chunks: string[] = [];
  if (doc.replayNote) chunks.push(`*${discordPlainText(doc.replayNote)}*`);
  for (const s of doc.sections)
    chunks.push(...splitText(sectionText(s.heading, s.paragraphs, s.links), DISCORD.description));

  // Pack chunks into descriptions of at most 4096 characters.
  const descriptions: string[] = [];
  let cur = '';
  for (const c of chunks) {
    const next = cur ? `${cur}\n\n${c}` : c;
    if (next.length <= DISCORD.description) cur = next;
    else {
      if (cur) descriptions.push(cur);
      cur = c;
    }
  }
  if (cur || descriptions.length === 0) descriptions.push(cur);

  const embeds: DiscordEmbed[] = descriptions.map((d, i) => ({
    ...(i === 0 ? { title } : {}),
    ...(d ? { description: d } : {}),
    color,
  }));
  // Fields, footer and time go on the last embed (a new one when they would not fit the message).
  const last = embeds[embeds.length - 1]!;
  const tail: DiscordEmbed = { fields, footer, ...(timestamp ? { timestamp } : {}) };
  if (embedSize(last) + embedSize(tail) <= DISCORD.messageTotal) Object.assign(last, tail);
  else embeds.push({ color, ...tail });
  for (const e of embeds) if (e.fields && e.fields.length === 0) delete e.fields;

  // Pack embeds into messages.
  const messages: DiscordEmbedMessage[] = [];
  let msg: DiscordEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const s = embedSize(e);
    if (msg.length > 0 && (size + s > DISCORD.messageTotal || msg.length >= DISCORD.embedsPerMessage)) {
      messages.push({ embeds: msg });
      msg = [];
      size = 0;
    }
    msg.push(e);
    size += s;
  }
  if (msg.length) messages.push({ embeds: msg });
  return messages;
}
