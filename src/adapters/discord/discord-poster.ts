// Proactive posts to Discord channels (digests, alerts): the reply rendered as embeds (and files), sent with
// the client's REST (which keeps to Discord's rate limits), with "channel is gone" errors turned into
// ChannelGoneError.
import { Routes, type Client } from 'discord.js';
import type { Poster } from '../post.ts';
import { discordGoneError } from './post-errors.ts';
import { renderDiscordReply } from './render-discord.ts';

/** A Poster over a logged-in client. */
export function createDiscordPoster(client: Client): Poster {
  return {
    platform: 'discord',
    async post(target, reply) {
      const { messages } = renderDiscordReply(reply);
      try {
        for (const message of messages) {
          const files = message.files.map((f, i) => ({ key: `files[${i.toString()}]`, name: f.name, data: f.attachment }));
          const attachments = message.files.map((f, i) => ({ id: i, filename: f.name, ...(f.description === undefined ? {} : { description: f.description }) }));
          await client.rest.post(Routes.channelMessages(target.channel), {
            body: { ...(message.content === undefined ? {} : { content: message.content }), embeds: message.embeds, components: message.components, allowed_mentions: { parse: [] }, ...(files.length > 0 ? { attachments } : {}) },
            ...(files.length > 0 ? { files } : {}),
          });
        }
      } catch (err) {
        throw discordGoneError(err, target.channel) ?? err;
      }
    },
  };
}
