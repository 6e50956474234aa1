// The chat settings store on both engines: SQLite always, PostgreSQL when DATABASE_URL_TEST is set. A chat's
// language and time zone are set and cleared apart, survive a restart (a second connection), the platform tag
// seen in a chat is written only when it changes, and forgetting a gone chat removes its settings.
import { afterEach, describe, expect, it } from 'vitest';
import { SqlChatSettings } from '../../src/store/chat-settings/chat-settings-store.ts';
import { forgetChannel } from '../../src/store/schedules/forget-channel.ts';
import { contractStorage, PG_URL, postgresEngine, sqliteEngine, type Engine } from './engines.ts';

const chat = { platform: 'discord' as const, channel: '1300000000000000001' };
const other = { platform: 'telegram' as const, channel: '-100200' };

function contract(engine: Engine) {
  const storage = contractStorage(engine);
  afterEach(() => storage.cleanup());
  const two = () => storage.two();

  it(`${engine.name}: keeps language and time zone apart, across a restart, and clears each on its own`, async () => {
    const [a, b] = await two();
    const first = new SqlChatSettings(a.sql, { now: () => 1000 });
    expect(await first.get(chat)).toEqual({});
    await first.setLanguage(chat, 'ru', 'mod-1');
    await first.setTimeZone(chat, 'Europe/Moscow', 'mod-2');
    const restarted = new SqlChatSettings(b.sql, { now: () => 2000 });
    expect(await restarted.get(chat)).toEqual({
      language: 'ru',
      timeZone: 'Europe/Moscow',
      updatedBy: 'mod-2',
      updatedAt: 1000,
    });
    await restarted.setLanguage(chat, null, 'mod-3');
    expect(await restarted.get(chat)).toMatchObject({ timeZone: 'Europe/Moscow' });
    expect((await restarted.get(chat)).language).toBeUndefined();
    expect(await restarted.get(other)).toEqual({});
  });

  it(`${engine.name}: remembers the platform tag seen in a chat, and forgets the chat when it is gone`, async () => {
    const [a] = await two();
    const store = new SqlChatSettings(a.sql, { now: () => 5 });
    await store.noteLocale(chat, 'es-ES');
    await store.noteLocale(chat, 'es-ES');
    expect(await store.get(chat)).toMatchObject({ seenLocale: 'es-ES' });
    await store.setLanguage(chat, 'zh', 'mod');
    await forgetChannel(a.sql, chat);
    expect(await new SqlChatSettings(a.sql).get(chat)).toEqual({});
  });
}

describe('chat settings: SQLite', () => contract(sqliteEngine));
describe.skipIf(PG_URL === undefined)('chat settings: PostgreSQL (DATABASE_URL_TEST)', () => contract(postgresEngine));
