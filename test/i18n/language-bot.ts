// Test helper: the real bot (real services over the August 2024 replay, a chat-settings store on a temp SQLite
// file) with the given platform settings, for the language tests against the fake Discord and Telegram.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { SqlChatSettings } from '../../src/store/chat-settings/chat-settings-store.ts';
import { openDatabase } from '../../src/store/database.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';

/** A running language-test bot; `close()` stops it and its replay. */
export interface LanguageBot {
  bot: RunningBot;
  replay: Awaited<ReturnType<typeof replayServices>>;
  chatSettings: SqlChatSettings;
  /** The title of the short market article in `language`, as the bot writes it. */
  titleIn(language: string): Promise<string>;
  close(): Promise<void>;
}

/** Start the bot with `env` (the platform's token and fake API address) over the 5 August 2024 replay. */
export async function startLanguageBot(env: Record<string, string>): Promise<LanguageBot> {
  const replay = await replayServices('2024-08-05T07:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'whybot-lang-'));
  const chatSettings = new SqlChatSettings(openDatabase(join(dir, 'db.sqlite')));
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env }, PLATFORMS);
  const bot = await runBot(config, { ...replay.services, chatSettings }, { logger: memoryLogger().logger });
  return {
    bot,
    replay,
    chatSettings,
    titleIn: async (language) => (await replay.services.explain({ form: 'short', language })).document.title,
    async close() {
      await bot.stop();
      await replay.close();
    },
  };
}
