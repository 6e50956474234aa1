// Test helper: the settings that point the real discord.js and telegraf at the fake Discord and fake Bot API
// (Telegram paced at 50 ms per chat, so a multi-message reply arrives quickly).
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { FakeDiscord } from './discord-server.ts';
import type { FakeTelegram } from './telegram-server.ts';

/** A configuration with both chat platforms on, against these fakes. */
export function bothChatsConfig(discord: FakeDiscord, telegram: FakeTelegram): Config {
  return loadConfig(
    {
      DISCORD_TOKEN: 'd',
      DISCORD_API_URL: discord.apiUrl,
      TELEGRAM_TOKEN: '1:t',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_PER_CHAT_INTERVAL_MS: '50',
    },
    PLATFORMS,
  );
}
