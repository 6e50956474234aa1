// Proactive posts to Discord channels (digests, alerts): the reply rendered as embeds (and files), sent with
// the client's REST (which keeps to Discord's rate limits), with "channel is gone" errors turned into
// ChannelGoneError.
import { createHash } from 'node:crypto';
import { Routes, type Client } from 'discord.js';
import type { Poster } from '../post.ts';
import { discordGoneError } from './post-errors.ts';
import { renderDiscordReply } from './render-discord.ts';

/** Discord's nonce for part `index` of a keyed post (at most 25 characters). */
export function discordNonce(key: string, index: number): string {
  return createHash('sha256').update(`${key}#${index.toString()}`).digest('base64url').slice(0, 25);
}

/** A Poster over a logged-in client. */
export function createDiscordPoster(client: Client): Poster {
  return {
    platform: 'discord',
    async post(target, reply) {
      const { messages } = renderDiscordReply(reply);
      try {
        for (const [index, message] of messages.entries()) {
          const files = message.files.map((f, i) => ({ key: `files[${i.toString()}]`, name: f.name, data: f.attachment }));
          const attachments = message.files.map((f, i) => ({ id: i, filename: f.name, ...(f.description === undefined ? {} : { description: f.description }) }));
          await client.rest.post(Routes.channelMessages(target.channel), {
            body: {
              embeds: message.embeds,
              allowed_mentions: { parse: [] },
              ...(files.length > 0 ? { attachments } : {}),
              // Discord returns the message already made with this nonce instead of making it again
              ...(target.key === undefined ? {} : { nonce: discordNonce(target.key, index), enforce_nonce: true }),
            },
            ...(files.length > 0 ? { files } : {}),
          });
        }
      } catch (err) {
        throw discordGoneError(err, target.channel) ?? err;
      }
    },
  };
}
