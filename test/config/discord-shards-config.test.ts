// DISCORD_SHARDS and DISCORD_SHARD_IDS: what they parse to, and one clear line for each way they can be wrong.
import { PLATFORMS } from '../../src/adapters/platforms.ts';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';

const TOKEN = { DISCORD_TOKEN: 'fake-discord-token' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, PLATFORMS);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Discord shard settings', () => {
  it('leaves the gateway unsharded when unset', () => {
    const config = loadConfig(TOKEN, PLATFORMS);
    expect(config.DISCORD_SHARDS).toBeUndefined();
    expect(config.DISCORD_SHARD_IDS).toBeUndefined();
  });

  it('reads a count, auto, and a list of ids (sorted, without repeats)', () => {
    expect(loadConfig({ ...TOKEN, DISCORD_SHARDS: '4' }, PLATFORMS).DISCORD_SHARDS).toBe(4);
    expect(loadConfig({ ...TOKEN, DISCORD_SHARDS: ' Auto ' }, PLATFORMS).DISCORD_SHARDS).toBe('auto');
    const config = loadConfig({ ...TOKEN, DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3, 1,3' }, PLATFORMS);
    expect(config.DISCORD_SHARD_IDS).toEqual([1, 3]);
  });

  it.each(['0', '1001', 'many', '-1', '2.5'])('refuses DISCORD_SHARDS=%s', (value) => {
    const found = problems({ ...TOKEN, DISCORD_SHARDS: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^DISCORD_SHARDS.*auto or a number of shards from 1 to 1000/);
  });

  it('refuses ids that are not a comma-separated list of numbers', () => {
    const found = problems({ ...TOKEN, DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: 'first,second' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^DISCORD_SHARD_IDS.*separated by commas/);
  });

  it('refuses ids without a number of shards, or with auto', () => {
    for (const env of [{ DISCORD_SHARD_IDS: '0' }, { DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '0' }]) {
      const found = problems({ ...TOKEN, ...env });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^DISCORD_SHARD_IDS needs DISCORD_SHARDS set to a number of shards/);
    }
  });

  it('refuses ids outside 0..N-1', () => {
    const found = problems({ ...TOKEN, DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1,2,5' });
    expect(found).toEqual(['DISCORD_SHARD_IDS has 2, 5, outside the 2 shards of DISCORD_SHARDS: ids go from 0 to 1']);
  });

  it('refuses shard settings without a Discord token', () => {
    expect(problems({ DISCORD_SHARDS: '2' })).toEqual([
      'DISCORD_SHARDS is set but DISCORD_TOKEN is missing: set the bot token, or remove DISCORD_SHARDS',
    ]);
  });
});
