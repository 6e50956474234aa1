// Languages on Discord with the real discord.js against the fake Discord and real articles from a replay: a
// server with a Spanish preferred locale gets Spanish, a user writing with a Russian client gets Russian in a DM,
// /language sets the chat's language (stored, and followed by its digests), and the slash commands are
// registered with their name and description localizations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatLanguage } from '../../src/deliver/chat-language.ts';
import { startFakeDiscord, type DiscordCall, type FakeDiscord } from '../fakes/discord-server.ts';
import { startLanguageBot, type LanguageBot } from './language-bot.ts';

const GUILD = '1500000000000000001';
const MANAGE_GUILD = (1n << 5n).toString();
let fake: FakeDiscord;
let run: LanguageBot | undefined;

beforeAll(async () => {
  fake = await startFakeDiscord();
  run = await startLanguageBot({
    DISCORD_TOKEN: 'fake-discord-token',
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: GUILD,
  });
}, 60_000);

afterAll(async () => {
  await run?.close();
  await fake?.close();
});

async function slash(command: Parameters<FakeDiscord['sendSlashCommand']>[0]): Promise<DiscordCall> {
  const { token } = fake.sendSlashCommand(command);
  return fake.waitForCall('PATCH', new RegExp(`^/webhooks/\\d+/${token}/messages/@original$`), 30_000);
}

const firstEmbed = (call: DiscordCall): { title?: string; description?: string } => {
  const f = call.fields as Record<string, unknown>;
  const payload = typeof f.payload_json === 'string' ? (JSON.parse(f.payload_json) as Record<string, unknown>) : f;
  return ((payload.embeds as unknown[] | undefined)?.[0] ?? {}) as { title?: string; description?: string };
};

const titleIn = (language: string) => run!.titleIn(language);

describe('whybot in the reader’s language on Discord', () => {
  it('registers every command with name and description localizations', () => {
    const put = fake.calls.find((c) => c.method === 'PUT');
    expect(put).toBeDefined();
    const body = put!.fields as unknown as Array<{
      name: string;
      name_localizations?: Record<string, string>;
      description_localizations?: Record<string, string>;
    }>;
    const why = body.find((c) => c.name === 'why')!;
    expect(Object.keys(why.description_localizations!)).toEqual(
      expect.arrayContaining(['es-ES', 'es-419', 'ru', 'tr', 'vi', 'zh-CN']),
    );
    expect(why.description_localizations!.ru).toMatch(/[а-я]/);
    expect(why.name_localizations?.ru).toMatch(/^[а-я]+$/);
  });

  it('GIVEN a server whose preferred locale is Spanish THEN /why answers in Spanish', async () => {
    const edit = await slash({ name: 'why', guildId: GUILD, guildLocale: 'es-ES', locale: 'en-US' });
    const spanish = await titleIn('es');
    expect(spanish).not.toBe(await titleIn('en'));
    expect(firstEmbed(edit).title).toBe(spanish);
  });

  it('GIVEN a user with a Russian client in a DM THEN the reply is in Russian', async () => {
    const edit = await slash({ name: 'why', locale: 'ru' });
    expect(firstEmbed(edit).title).toBe(await titleIn('ru'));
    expect(firstEmbed(edit).description).toMatch(/[а-яё]{4}/);
  });

  it('GIVEN /language zh by a moderator THEN the server reads Chinese, and its digests follow', async () => {
    const set = await slash({
      name: 'language',
      guildId: GUILD,
      guildLocale: 'es-ES',
      permissions: MANAGE_GUILD,
      options: [{ name: 'language', type: 3, value: 'zh' }],
    });
    expect(JSON.stringify(set.fields)).toMatch(/中文/);
    const edit = await slash({ name: 'why', guildId: GUILD, guildLocale: 'es-ES' });
    expect(firstEmbed(edit).title).toBe(await titleIn('zh'));
    const where = { platform: 'discord' as const, channel: '1300000000000000001' };
    expect(await chatLanguage({ ...run!.replay.services, chatSettings: run!.chatSettings }, where)).toBe('zh');
  });

  it('GIVEN a member without Manage Server THEN /language is refused in the chat’s language and nothing changes', async () => {
    const { token } = fake.sendSlashCommand({
      name: 'language',
      guildId: GUILD,
      options: [{ name: 'language', type: 3, value: 'ru' }],
    });
    const reply = await fake.waitForCall('POST', new RegExp(`/${token}/callback$`), 30_000);
    expect(JSON.stringify(reply.fields)).not.toMatch(/Русский/);
    expect((await run!.chatSettings.get({ platform: 'discord', channel: '1300000000000000001' })).language).toBe('zh');
  });
});
