// End to end: on Telegram, an article's data time is written in the chat's digest zone (named), and in UTC in a
// chat without a digest. Real services over the replay of 5 August 2024, the real SQLite digest store, the real
// telegraf against the fake Bot API.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { replayServices } from '../fakes/replay-services.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.ts';

let fake: FakeTelegram;
let bot: RunningBot;
let db: Db;
let replay: Awaited<ReturnType<typeof replayServices>>;

beforeAll(async () => {
  [fake, replay] = await Promise.all([startFakeTelegram(), replayServices('2024-08-05T07:00:00Z')]);
  db = openDatabase(':memory:');
  const schedules = new DigestStore(db, 'UTC', new ManualClock('2024-08-05T07:00:00Z'));
  await schedules.set({ platform: 'telegram', channel: '-100321', kind: 'group' }, '08:00', 'Asia/Tokyo', 'mod');
  const config = loadConfig(
    {
      TELEGRAM_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_PER_CHAT_INTERVAL_MS: '10',
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  bot = await runBot(config, Object.assign(replay.services, { schedules }), { logger: memoryLogger().logger });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await replay?.close();
  db?.close();
});

/** Ask /why in a chat; resolve with all the text the bot sent (messages and captions). */
async function why(chatId: number, chatType: 'group' | 'private') {
  const before = fake.callsOf('sendPhoto').length;
  fake.sendUserMessage({ chatId, chatType, text: '/why' });
  await fake.waitForCalls('sendPhoto', before + 1, 30_000);
  return fake.calls
    .filter((c) => String(c.fields.chat_id) === String(chatId))
    .map((c) => String(c.fields.text ?? c.fields.caption ?? ''))
    .join('\n');
}

describe('times in the chat zone on Telegram', () => {
  it("writes the data time in the chat's digest zone, named", async () => {
    const text = await why(-100321, 'group');
    expect(text).toContain('as of 5 August 2024, 16:00 Asia/Tokyo');
    expect(text).toContain('Replay of 5 August 2024, 16:00 Asia/Tokyo');
    expect(text).not.toContain('as of 5 August 2024, 07:00 UTC');
  }, 30_000);

  it('writes UTC where the chat has no digest', async () => {
    const text = await why(777, 'private');
    expect(text).toContain('as of 5 August 2024, 07:00 UTC');
  }, 30_000);
});
