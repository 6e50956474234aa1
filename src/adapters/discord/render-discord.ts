// Turns a neutral reply into Discord messages: embeds (markdown escaped), files on the first message (an image
// shown inside the first embed via attachment://), and whether it is ephemeral. A long article can take more
// than one message (edit, then follow-ups).
import type { APIEmbed } from 'discord.js';
import type { Reply, ReplyFile } from '../../core/reply.ts';
import { renderDiscordEmbeds } from './article-embeds.ts';
import { clip, DISCORD } from './limits.ts';
import { hasTimeToken } from '../../core/time-token.ts';
import type { ArticleDocument } from '../../core/document.ts';
import { tokeniseTimes } from '../localise.ts';
import { discordComponents } from './components.ts';
import { discordTimes, discordTimeText } from './times.ts';
import { discordPlainText } from './plain-text.ts';

/** One Discord message body, ready for `interaction.reply` / `editReply` / `followUp`. */
export interface DiscordMessage {
  embeds: APIEmbed[];
  files: Array<{ attachment: Buffer; name: string; description?: string }>;
  /** Button rows (the article's buttons, on its last message). */
  components: ReturnType<typeof discordComponents>;
  /** Text above the embeds (a note such as "That button is from 2 August"), with Discord timestamps. */
  content?: string;
}

/** Everything to send for one reply. */
export interface DiscordReply {
  /** At least one message; the first replaces the deferred reply, the others follow it. */
  messages: [DiscordMessage, ...DiscordMessage[]];
  /** Only the person who asked should see it (used when replying without a prior defer). */
  ephemeral: boolean;
}

const NOTICE_COLOURS = { info: 0x3b82f6, error: 0xd64541 } as const;

/** The files as discord.js attachments. */
function attachments(files: readonly ReplyFile[] = []): DiscordMessage['files'] {
  return files.map((f) => ({
    attachment: Buffer.from(f.data),
    name: f.name,
    ...(f.description === undefined ? {} : { description: f.description }),
  }));
}

/** Show the first image file inside `embed` (Discord then does not list it separately). */
function withImage(embed: APIEmbed, files: readonly ReplyFile[] = []): APIEmbed {
  const image = files.find((f) => f.contentType.startsWith('image/'));
  return image === undefined ? embed : { ...embed, image: { url: `attachment://${image.name}` } };
}

/**
 * The document with its data times as Discord timestamps: footer lines stating a time move to the end of the
 * text (Discord shows timestamps in descriptions, not in footers), so every reader sees them in their own zone.
 */
function withTimestamps(document: ArticleDocument): ArticleDocument {
  const doc = tokeniseTimes(document);
  const timed = doc.footer.filter(hasTimeToken);
  if (timed.length === 0) return doc;
  return {
    ...doc,
    footer: doc.footer.filter((l) => !hasTimeToken(l)),
    sections: [...doc.sections, { id: 'data-time', paragraphs: [timed.join(' ')] }],
  };
}

/**
 * Render a reply for Discord. Notice text (which may quote what a user typed) is shown as plain text: no markdown,
 * links or mentions (see plain-text.ts); mentions are disabled by the client too. Time tokens become timestamps.
 */
export function renderDiscordReply(reply: Reply): DiscordReply {
  if (reply.kind === 'article') {
    const [first, ...rest] = renderDiscordEmbeds(withTimestamps(reply.document)).map(
      (m): DiscordMessage => ({ embeds: m.embeds.map(discordTimes), files: [], components: [] }),
    );
    const [lead = { title: clip(reply.document.title, DISCORD.title) }, ...others] = first?.embeds ?? [];
    const head: DiscordMessage = {
      embeds: [withImage(lead, reply.files), ...others],
      files: attachments(reply.files),
      components: [],
    };
    if (reply.note !== undefined) head.content = discordTimeText(discordPlainText(reply.note)).slice(0, 2000);
    const messages: [DiscordMessage, ...DiscordMessage[]] = [head, ...rest];
    messages[messages.length - 1]!.components = discordComponents(reply.buttons);
    return { messages, ephemeral: false };
  }
  const description = reply.lines.map((l) => discordTimeText(discordPlainText(l))).join('\n');
  const embed: APIEmbed = {
    description: clip(description, DISCORD.description),
    color: NOTICE_COLOURS[reply.tone],
  };
  if (reply.title !== undefined) embed.title = clip(reply.title, DISCORD.title);
  return {
    messages: [{ embeds: [withImage(embed, reply.files)], files: attachments(reply.files), components: [] }],
    ephemeral: reply.private === true,
  };
}
