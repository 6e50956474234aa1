// Leader election on the real Redis with real processes: of three, exactly one leads; SIGKILL the leader and
// another takes over within a few seconds (its lock expires); the work log never interleaves two leaders. A
// leader that stops frees the lock at once. Runs when REDIS_URL_TEST is set.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Leader } from '../../src/cluster/leader.ts';
import { connectRedis } from '../../src/cluster/redis.ts';
import { memoryLogger } from '../helpers/testkit.ts';
import { deletePrefix, REDIS_URL_TEST, testPrefix } from '../helpers/redis-test.ts';

const SCRIPT = fileURLToPath(new URL('../fakes/leader-process.ts', import.meta.url));
// long enough that a leader starved of CPU on a loaded machine still renews in time (it renews every TTL_MS / 3)
const TTL_MS = 5000;

describe.skipIf(REDIS_URL_TEST === undefined)('leader election', () => {
  let prefix: string;
  let redis: Redis;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    prefix = testPrefix();
    redis = connectRedis(REDIS_URL_TEST!);
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** Start a process; resolves `leads` when it prints that it leads. */
  const start = (name: string) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SCRIPT, REDIS_URL_TEST!, prefix, name, TTL_MS.toString()],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    let out = '';
    const leads = new Promise<number>((resolve) =>
      child.stdout!.on(
        'data',
        (d: Buffer) => ((out += d.toString()), out.includes(`lead ${name}`) && resolve(Date.now())),
      ),
    );
    return { name, child, leads };
  };
  const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  };

  it('one of three leads; killed with SIGKILL, another takes over within seconds; never two at once', async () => {
    const procs = ['a', 'b', 'c'].map(start);
    const first = await Promise.race(procs.map((p) => p.leads.then(() => p)));
    // it works a while, alone
    expect(await until(async () => (await redis.llen(`${prefix}:log`)) >= 10, 30_000)).toBe(true);
    expect(new Set(await redis.lrange(`${prefix}:log`, 0, -1))).toEqual(new Set([first.name]));
    first.child.kill('SIGKILL');
    // the dead leader's lock ends by itself within its lifetime (Redis's own expiry, not a wall-clock wait here)
    const left = await redis.pttl(`${prefix}:leader`);
    expect(left).not.toBe(-1);
    expect(left).toBeLessThanOrEqual(TTL_MS);
    const rest = procs.filter((p) => p !== first);
    const second = await Promise.race(rest.map((p) => p.leads.then(() => p)));
    expect(
      await until(async () => (await redis.lrange(`${prefix}:log`, -5, -1)).every((n) => n === second.name), 30_000),
    ).toBe(true);
    const log = await redis.lrange(`${prefix}:log`, 0, -1);
    // one run of the first leader, then only the second: no interleaving
    const switches = log.filter((n, i) => i > 0 && n !== log[i - 1]).length;
    expect(switches).toBe(1);
    expect(log.at(0)).toBe(first.name);
    // the third never led
    const third = rest.find((p) => p !== second)!;
    expect(log).not.toContain(third.name);
  }, 90_000);

  it('a leader that stops frees the lock at once, so another leads without waiting for it to expire', async () => {
    const { logger } = memoryLogger();
    const led: string[] = [];
    const make = (name: string) =>
      new Leader({
        redis,
        key: `${prefix}:leader`,
        ttlMs: 30_000,
        owner: name,
        logger,
        lead: async () => {
          led.push(`start ${name}`);
          return async () => void led.push(`stop ${name}`);
        },
      });
    const a = make('a');
    a.start();
    expect(await until(async () => a.isLeader, 5_000)).toBe(true);
    const b = make('b');
    b.start();
    await a.stop();
    // a's lock would last 30 s; b looks every 10 s: leading well before 30 s shows a released it
    expect(await until(async () => b.isLeader, 15_000)).toBe(true);
    await b.stop();
    expect(led).toEqual(['start a', 'stop a', 'start b', 'stop b']);
    expect(await redis.exists(`${prefix}:leader`)).toBe(0);
  }, 30_000);
});
