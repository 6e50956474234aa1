// Proactive posts to Discord channels (digests, alerts): the reply rendered as embeds (and files), sent with
// the client's REST (which keeps to Discord's rate limits; a shared rate, when given, is taken right before each
// request), with "channel is gone" errors turned into
// ChannelGoneError. An alert message can be edited in place (Unknown Message: MessageGoneError). A keyed post
// carries a nonce with enforce_nonce, so Discord refuses to make it twice (a retry after a timeout that landed).
import { createHash } from 'node:crypto';
import { DiscordAPIError, Routes, type Client } from 'discord.js';
import type { Reply } from '../../core/reply.ts';
import { MessageGoneError, type Poster } from '../post.ts';
import { discordGoneError } from './post-errors.ts';
import { renderDiscordReply, type DiscordMessage } from './render-discord.ts';

/** Discord's "Unknown Message" error code. */
const UNKNOWN_MESSAGE = 10008;

/** Discord's nonce for part `index` of a keyed post (at most 25 characters). */
export function discordNonce(key: string, index: number): string {
  return createHash('sha256').update(`${key}#${index.toString()}`).digest('base64url').slice(0, 25);
}

/** The REST body and files of one rendered message (with the nonce that makes Discord refuse a repeat). */
function restBody(message: DiscordMessage, nonce?: string) {
  const files = message.files.map((f, i) => ({ key: `files[${i.toString()}]`, name: f.name, data: f.attachment }));
  const attachments = message.files.map((f, i) => ({
    id: i,
    filename: f.name,
    ...(f.description === undefined ? {} : { description: f.description }),
  }));
  return {
    body: {
      ...(message.content === undefined ? {} : { content: message.content }),
      embeds: message.embeds,
      components: message.components,
      allowed_mentions: { parse: [] },
      attachments,
      ...(nonce === undefined ? {} : { nonce, enforce_nonce: true }),
    },
    ...(files.length > 0 ? { files } : {}),
  };
}

/** A Poster over a logged-in client. */
export function createDiscordPoster(client: Client): Poster {
  return {
    platform: 'discord',
    async post(target, reply, options) {
      const { messages } = renderDiscordReply(reply);
      const messageIds: string[] = [];
      try {
        for (const [index, message] of messages.entries()) {
          const nonce = target.key === undefined ? undefined : discordNonce(target.key, index);
          const request = restBody(message, nonce);
          // the shared rate is taken last, so nothing slow comes between it and the request leaving
          await options?.beforeSend?.();
          const sent = (await client.rest.post(Routes.channelMessages(target.channel), request)) as {
            id: string;
          };
          messageIds.push(sent.id);
        }
      } catch (err) {
        throw discordGoneError(err, target.channel) ?? err;
      }
      return { messageIds };
    },
    async edit(target, messageId, reply: Reply) {
      const { messages } = renderDiscordReply(reply);
      if (messages.length !== 1)
        throw new MessageGoneError(target.channel, messageId, 'the new reply needs more than one message');
      try {
        await client.rest.patch(Routes.channelMessage(target.channel, messageId), restBody(messages[0]));
      } catch (err) {
        if (err instanceof DiscordAPIError && Number(err.code) === UNKNOWN_MESSAGE) {
          throw new MessageGoneError(target.channel, messageId, `${err.status.toString()} ${err.message}`);
        }
        throw discordGoneError(err, target.channel) ?? err;
      }
    },
  };
}
