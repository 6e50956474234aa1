// Which Discord gateway shards this process runs, as discord.js Client options (internal sharding: one
// connection per shard in this process). Several processes split the shards with DISCORD_SHARD_IDS.

/** The shards to run: a count ("auto" asks Discord) and, with a number, the ids this process runs (default all). */
export interface DiscordSharding {
  count: number | 'auto';
  ids?: readonly number[];
}

/** The discord.js Client options for `sharding`; none (one unsharded connection) when it is undefined. */
export function shardClientOptions(sharding: DiscordSharding | undefined): {
  shards?: number[] | 'auto';
  shardCount?: number;
} {
  if (sharding === undefined) return {};
  if (sharding.count === 'auto') return { shards: 'auto' };
  const all = Array.from({ length: sharding.count }, (_, i) => i);
  return { shards: sharding.ids === undefined ? all : [...sharding.ids], shardCount: sharding.count };
}
