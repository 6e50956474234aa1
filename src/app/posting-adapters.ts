// The posters of a worker process (`whybot start --role worker`): every platform the configuration turns on,
// posting alone (its platform module's startPosting: no gateway connection, no long polling, no command
// registration; the chat processes do those), so a worker posts digests and alerts.
import type { Logger } from 'pino';
import type { Platform } from '../core/reply.ts';
import type { Poster } from '../adapters/post.ts';
import { enabledPlatforms } from '../adapters/platforms.ts';
import type { Config } from '../config/schema.ts';

/** Posters for every platform with a token, and how to release them. */
export interface PostingAdapters {
  posters: Partial<Record<Platform, Poster>>;
  stop(): Promise<void>;
}

/** Posters without serving commands. */
export async function startPostingAdapters(config: Config, logger: Logger): Promise<PostingAdapters> {
  const started = await Promise.all(enabledPlatforms(config).map((platform) => platform.startPosting(config, logger)));
  return {
    posters: Object.fromEntries(started.map((posting) => [posting.poster.platform, posting.poster])),
    async stop() {
      await Promise.allSettled(started.map((posting) => posting.stop()));
    },
  };
}
