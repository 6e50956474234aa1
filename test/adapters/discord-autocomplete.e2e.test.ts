// End to end: Discord autocomplete (interaction type 4) on the real discord.js against the fake Discord, with the
// real SQLite digest store: coin options offer tracked coins, the zone of /digest set offers IANA zones
// matching the text with the channel's digest zone and the server locale's zone first.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { DigestStore } from '../../src/store/schedules/digest-store.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { ManualClock } from '../fakes/manual-clock.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const GUILD = '1500000000000000001';
const CHANNEL = '1300000000000000001';

let fake: FakeDiscord;
let bot: RunningBot;
let db: Db;
let schedules: DigestStore;

beforeAll(async () => {
  fake = await startFakeDiscord();
  db = openDatabase(':memory:');
  schedules = new DigestStore(db, 'Europe/London', new ManualClock('2024-08-05T07:00:00Z'));
  const config = loadConfig(
    {
      DISCORD_TOKEN: 'fake-discord-token',
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: GUILD,
      LOG_LEVEL: 'silent',
    },
    PLATFORMS,
  );
  bot = await runBot(config, { ...fixedServices(), schedules }, { logger: memoryLogger().logger });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  db?.close();
});

/** Type into an option; resolve with the type 8 answer's choices. */
async function typeInto(request: Parameters<FakeDiscord['sendAutocomplete']>[0]) {
  const { id, token } = fake.sendAutocomplete(request);
  const call = await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
  expect(call.fields.type).toBe(8);
  return (call.fields.data as { choices: Array<{ name: string; value: string }> }).choices;
}

describe('autocomplete on Discord', () => {
  it('registers coin and zone options with autocomplete, other options without', () => {
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    const body = put.fields as unknown as Array<{
      name: string;
      options: Array<{ name: string; autocomplete?: boolean }>;
    }>;
    const completing = body.flatMap((c) =>
      c.options.filter((o) => o.autocomplete === true).map((o) => `${c.name}.${o.name}`),
    );
    expect(completing).toEqual(['why.coin', 'levels.coin', 'digest.zone', 'alerts.coin', 'language.language']);
  });

  it('offers the tracked coins matching what is typed, for /why, /levels and /alerts (with "basket")', async () => {
    expect(
      await typeInto({
        command: 'why',
        guildId: GUILD,
        options: [{ name: 'coin', type: 3, value: '', focused: true }],
      }),
    ).toEqual([
      { name: 'BTC', value: 'BTC' },
      { name: 'ETH', value: 'ETH' },
      { name: 'SOL', value: 'SOL' },
    ]);
    expect(
      (
        await typeInto({
          command: 'levels',
          guildId: GUILD,
          options: [{ name: 'coin', type: 3, value: 'e', focused: true }],
        })
      ).map((c) => c.value),
    ).toEqual(['ETH']);
    expect(
      (
        await typeInto({
          command: 'alerts',
          guildId: GUILD,
          options: [
            { name: 'action', type: 3, value: 'on' },
            { name: 'coin', type: 3, value: 'b', focused: true },
          ],
        })
      ).map((c) => c.value),
    ).toEqual(['BTC', 'basket']);
  });

  it('offers IANA zones matching the text, the server locale zone first', async () => {
    const zones = await typeInto({
      command: 'digest',
      guildId: GUILD,
      guildLocale: 'de',
      options: [
        { name: 'action', type: 3, value: 'set' },
        { name: 'zone', type: 3, value: 'europe/', focused: true },
      ],
    });
    expect(zones[0]?.value).toBe('Europe/Berlin');
    expect(zones[1]?.value).toBe('Europe/London'); // the bot's default zone next
    expect(zones.length).toBe(25);
    expect(zones.every((z) => z.value.startsWith('Europe/'))).toBe(true);
    const city = await typeInto({
      command: 'digest',
      guildId: GUILD,
      options: [{ name: 'zone', type: 3, value: 'new y', focused: true }],
    });
    expect(city.map((z) => z.value)).toEqual(['America/New_York']);
    const none = await typeInto({
      command: 'digest',
      guildId: GUILD,
      options: [{ name: 'zone', type: 3, value: 'Atlantis/Nowhere', focused: true }],
    });
    expect(none).toEqual([]);
  });

  it("puts the channel's digest zone first once it has one", async () => {
    await schedules.set({ platform: 'discord', channel: CHANNEL, kind: 'group' }, '08:00', 'Asia/Tokyo', 'mod');
    const zones = await typeInto({
      command: 'digest',
      guildId: GUILD,
      guildLocale: 'fr',
      options: [{ name: 'zone', type: 3, value: '', focused: true }],
    });
    expect(zones.slice(0, 4).map((z) => z.value)).toEqual(['Asia/Tokyo', 'Europe/Paris', 'Europe/London', 'UTC']);
  });
});
