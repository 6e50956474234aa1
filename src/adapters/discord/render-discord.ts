// Turns a neutral reply into Discord messages: embeds (markdown escaped), files on the first message (an image
// shown inside the first embed via attachment://), and whether it is ephemeral. A long article can take more
// than one message (edit, then follow-ups).
import { escapeMarkdown, type APIEmbed } from 'discord.js';
import type { Reply, ReplyFile } from '../../core/reply.ts';
import { renderDiscordEmbeds } from '../article-renderers.ts';

/** One Discord message body, ready for `interaction.reply` / `editReply` / `followUp`. */
export interface DiscordMessage {
  embeds: APIEmbed[];
  files: Array<{ attachment: Buffer; name: string; description?: string }>;
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
  return files.map((f) => ({ attachment: Buffer.from(f.data), name: f.name, ...(f.description === undefined ? {} : { description: f.description }) }));
}

/** Show the first image file inside `embed` (Discord then does not list it separately). */
function withImage(embed: APIEmbed, files: readonly ReplyFile[] = []): APIEmbed {
  const image = files.find((f) => f.contentType.startsWith('image/'));
  return image === undefined ? embed : { ...embed, image: { url: `attachment://${image.name}` } };
}

/** Render a reply for Discord. Notice text is markdown-escaped; mentions are disabled by the client. */
export function renderDiscordReply(reply: Reply): DiscordReply {
  if (reply.kind === 'article') {
    const [first, ...rest] = renderDiscordEmbeds(reply.document).map((m): DiscordMessage => ({ embeds: m.embeds, files: [] }));
    const [lead = { title: reply.document.title.slice(0, 256) }, ...others] = first?.embeds ?? [];
    const head: DiscordMessage = { embeds: [withImage(lead, reply.files), ...others], files: attachments(reply.files) };
    return { messages: [head, ...rest], ephemeral: false };
  }
  const description = reply.lines.map((l) => escapeMarkdown(l)).join('\n');
  const embed: APIEmbed = {
    description: description.length > 4096 ? `${description.slice(0, 4095)}…` : description,
    color: NOTICE_COLOURS[reply.tone],
  };
  if (reply.title !== undefined) embed.title = reply.title.slice(0, 256);
  return { messages: [{ embeds: [withImage(embed, reply.files)], files: attachments(reply.files) }], ephemeral: reply.private === true };
}
