// Which Discord errors mean a channel is gone for good (so its digest and alerts are removed) rather than a
// passing failure: Unknown Channel / Guild (404), Missing Access (403: the bot was removed or cannot see it),
// and DMs the user closed. Missing Permissions (50013) is not: a moderator can give the permission back.
import { DiscordAPIError } from 'discord.js';
import { ChannelGoneError } from '../post.ts';

/** Discord JSON error codes that mean the channel is gone for the bot. */
export const DISCORD_GONE_CODES: ReadonlySet<number> = new Set([
  10003, // Unknown Channel
  10004, // Unknown Guild
  50001, // Missing Access
  50007, // Cannot send messages to this user
]);

/** A ChannelGoneError for `err` when it says the channel is gone for good, else undefined. */
export function discordGoneError(err: unknown, channel: string): ChannelGoneError | undefined {
  if (!(err instanceof DiscordAPIError)) return undefined;
  const code = typeof err.code === 'number' ? err.code : Number(err.code);
  if (DISCORD_GONE_CODES.has(code) || (err.status === 404 && code === 0)) {
    return new ChannelGoneError(
      'discord',
      channel,
      `${err.status.toString()} ${err.message} (code ${String(err.code)})`,
    );
  }
  return undefined;
}
