// Discord sharding end to end: the real discord.js against the fake Discord, which recommends shards, records
// each IDENTIFY's `shard` and, as Discord, sends a guild's interactions only to the shard that guild is on.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { runBot, type RunningBot } from '../../src/app/run-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { fixedServices } from '../fakes/fixed-services.ts';
import { memoryLogger } from '../helpers/testkit.ts';

/** A guild id on `shard` of `count` (Discord's rule: (id >> 22) % count). */
const guildOnShard = (shard: number, count: number) => ((BigInt(1000 * count + shard) << 22n) + 7n).toString();

let fake: FakeDiscord | undefined;
const bots: RunningBot[] = [];

afterEach(async () => {
  await Promise.all(bots.splice(0).map((bot) => bot.stop()));
  await fake?.close();
  fake = undefined;
});

async function startBot(discord: FakeDiscord, env: Record<string, string>) {
  const config = loadConfig(
    {
      DISCORD_TOKEN: 'fake-discord-token',
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: 'silent',
      ...env,
    },
    PLATFORMS,
  );
  const log = memoryLogger();
  const bot = await runBot(config, fixedServices(), { logger: log.logger, commands });
  bots.push(bot);
  return { bot, log };
}

/** Send /why in `guildId` and resolve with the edited reply's title once the bot answered it. */
async function why(discord: FakeDiscord, guildId: string) {
  const { id, token } = discord.sendSlashCommand({ name: 'why', guildId });
  await discord.waitForCall('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
  const edit = await discord.waitForCall('PATCH', new RegExp(`^/webhooks/\\d+/${token}/messages/@original$`));
  return { id, token, edit };
}

const registrations = (discord: FakeDiscord) =>
  discord.calls.filter((c) => c.method === 'PUT' && /^\/applications\/\d+\/commands$/.test(c.path));
const shardsIdentified = (discord: FakeDiscord) =>
  discord.identifies.map((i) => i.shard).sort((a, b) => (a?.[0] ?? -1) - (b?.[0] ?? -1));

describe('Discord sharding', () => {
  it('DISCORD_SHARDS=2 opens one session per shard, answers on both, registers commands once', async () => {
    fake = await startFakeDiscord(undefined, { maxConcurrency: 16 });
    await startBot(fake, { DISCORD_SHARDS: '2' });
    expect(fake.gatewayConnections()).toBe(2);
    expect(shardsIdentified(fake)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const shard of [0, 1]) {
      const { edit } = await why(fake, guildOnShard(shard, 2));
      expect(JSON.stringify(edit.fields)).toContain('Crypto falls sharply');
    }
    expect(registrations(fake)).toHaveLength(1);
  }, 30_000);

  it('DISCORD_SHARDS=auto runs as many shards as GET /gateway/bot recommends', async () => {
    fake = await startFakeDiscord(undefined, { shards: 3, maxConcurrency: 16 });
    await startBot(fake, { DISCORD_SHARDS: 'auto' });
    expect(shardsIdentified(fake)).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    const { edit } = await why(fake, guildOnShard(2, 3));
    expect(JSON.stringify(edit.fields)).toContain('Crypto falls sharply');
    expect(registrations(fake)).toHaveLength(1);
  }, 30_000);

  it('two bots with DISCORD_SHARD_IDS=0 and =1 each run only their shard; only shard 0 registers', async () => {
    fake = await startFakeDiscord(undefined, { maxConcurrency: 16 });
    const zero = await startBot(fake, { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0' });
    expect(shardsIdentified(fake)).toEqual([[0, 2]]);
    expect(registrations(fake)).toHaveLength(1);
    const one = await startBot(fake, { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1' });
    expect(shardsIdentified(fake)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(registrations(fake)).toHaveLength(1);
    expect(one.log.lines.some((l) => l.msg === 'slash commands left to the process running shard 0')).toBe(true);
    expect(zero.log.lines.some((l) => l.msg === 'slash commands registered')).toBe(true);
    // each guild's /why reaches only its shard's bot, and is answered exactly once
    for (const shard of [0, 1]) {
      const { id, token } = await why(fake, guildOnShard(shard, 2));
      const callbacks = fake.calls.filter((c) => c.path === `/interactions/${id}/${token}/callback`);
      expect(callbacks).toHaveLength(1);
    }
    // the shard-1 bot stopping leaves shard 0 serving
    await one.bot.stop();
    await why(fake, guildOnShard(0, 2));
  }, 30_000);
});
