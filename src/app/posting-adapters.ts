// The posters of a worker process (`whybot start --role worker`): Discord over REST alone and Telegram over its
// Bot API alone, so a worker posts digests and alerts without opening a gateway connection, long polling, or
// registering commands (the chat processes do those). Their Discord client fails a post on a global 429 rather
// than queueing it (the post workers retry it through the shared rate).
import { Client } from 'discord.js';
import { Telegraf } from 'telegraf';
import type { Logger } from 'pino';
import type { Platform } from '../core/reply.ts';
import { createDiscordPoster } from '../adapters/discord/discord-poster.ts';
import type { Poster } from '../adapters/post.ts';
import { DEFAULT_TELEGRAM_LIMITS, TelegramOutbox } from '../adapters/telegram/outbox.ts';
import { createTelegramPoster } from '../adapters/telegram/telegram-poster.ts';
import type { Config } from '../config/schema.ts';

/** Posters for every platform with a token, and how to release them. */
export interface PostingAdapters {
  posters: Partial<Record<Platform, Poster>>;
  stop(): Promise<void>;
}

/** Posters without serving commands. */
export function startPostingAdapters(config: Config, logger: Logger): PostingAdapters {
  const posters: Partial<Record<Platform, Poster>> = {};
  const stops: Array<() => Promise<void>> = [];
  if (config.DISCORD_TOKEN !== undefined) {
    // a global 429 fails the post instead of holding it in discord.js's queue, which lets every request held
    // meanwhile out at once when the wait ends (hundreds of 429s in a row at 10,000 channels); the post worker
    // holds the shared rate for the wait and retries the post after it, paced like any other
    const client = new Client({
      intents: [],
      rest: { api: config.DISCORD_API_URL, rejectOnRateLimit: (limit) => limit.global },
    });
    client.rest.setToken(config.DISCORD_TOKEN);
    posters.discord = createDiscordPoster(client);
    stops.push(() => client.destroy());
  }
  if (config.TELEGRAM_TOKEN !== undefined) {
    const bot = new Telegraf(config.TELEGRAM_TOKEN, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } });
    const outbox = new TelegramOutbox(
      {
        ...DEFAULT_TELEGRAM_LIMITS,
        perChatIntervalMs: config.TELEGRAM_PER_CHAT_INTERVAL_MS,
        groupPerMinute: config.TELEGRAM_GROUP_PER_MINUTE,
        globalPerSecond: config.TELEGRAM_GLOBAL_PER_SECOND,
      },
      logger.child({ adapter: 'telegram' }),
    );
    posters.telegram = createTelegramPoster(bot, outbox);
    stops.push(() => outbox.stop());
  }
  return {
    posters,
    async stop() {
      await Promise.allSettled(stops.map((s) => s()));
    },
  };
}
