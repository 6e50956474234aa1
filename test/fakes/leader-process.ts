// Test helper run as its own process (node --import tsx): takes part in a leader election on Redis and, while it
// leads, does "the work": appends its name to a shared log every 50 ms, printing `lead NAME` when it starts
// leading. Arguments: REDIS_URL KEY_PREFIX NAME TTL_MS.
import { connectRedis } from '../../src/cluster/redis.ts';
import { Leader } from '../../src/cluster/leader.ts';
import { memoryLogger } from '../helpers/testkit.ts';

const [url, prefix, name, ttl] = process.argv.slice(2);
if (!url || !prefix || !name || !ttl) throw new Error('usage: leader-process REDIS_URL KEY_PREFIX NAME TTL_MS');
const redis = connectRedis(url);
const { logger } = memoryLogger();
const leader = new Leader({
  redis,
  key: `${prefix}:leader`,
  ttlMs: Number(ttl),
  owner: name,
  logger,
  async lead() {
    process.stdout.write(`lead ${name}\n`);
    let stopped = false;
    const work = (async () => {
      while (!stopped) {
        await redis.rpush(`${prefix}:log`, name);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    return async () => {
      stopped = true;
      await work;
    };
  },
});
leader.start();
process.on(
  'SIGTERM',
  () =>
    void leader
      .stop()
      .then(() => redis.quit())
      .then(() => process.exit(0)),
);
