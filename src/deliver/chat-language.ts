// The language a proactive post (a digest, an alert) is written in for a chat: the chat's /language setting, else
// the platform tag last seen there (a Discord server's preferred locale), else English. Never throws.
import type { Logger } from 'pino';
import type { WhyServices } from '../../commands/services.ts';
import type { ChannelRef } from '../store/schedules/types.ts';

/** The language code for posts to `where`. */
export async function chatLanguage(
  services: Pick<WhyServices, 'languages' | 'chatSettings'>,
  where: Pick<ChannelRef, 'platform' | 'channel'>,
  logger?: Logger,
): Promise<string> {
  try {
    const settings = await services.chatSettings?.get(where);
    if (settings?.language !== undefined && services.languages.codes.includes(settings.language))
      return settings.language;
    return services.languages.match(settings?.seenLocale).code;
  } catch (err) {
    logger?.warn({ err, platform: where.platform, channel: where.channel }, 'could not read the chat language');
    return services.languages.match(undefined).code;
  }
}
