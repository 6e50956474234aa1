// Benchmark (g), with Redis: a digest to 10,000 Discord channels through the shared BullMQ queue, posted by two
// worker processes sharing one rate limit of 50/s (the fake Discord enforces Discord's global limit with a token
// bucket). Total time against the 200 s floor (target: within 1.1x), duplicates (target: 0: each channel's post
// has an idempotency key, and the whole digest is sent twice to prove it), and the 429s the fake answered.
// Opt-in (about 4 minutes): npm run bench -- --only scale-fanout   (BENCH_FANOUT_CHANNELS=1000 for a quicker run)
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { connectRedis } from '../src/cluster/redis.ts';
import { PostQueue } from '../src/deliver/post-queue.ts';
import { startFakeDiscord } from '../test/fakes/discord-server.ts';
import { startScaleChild } from './scale-child.ts';
import { isMain, reportSection, type SectionResults } from './section.ts';
import { round } from './stats.ts';
import { startWhyBench } from './why-setup.ts';

const CHANNELS = Number(process.env.BENCH_FANOUT_CHANNELS ?? 10_000);
const LIMIT_PER_SECOND = 50;
/** What the workers are set to: a little under Discord's limit, as DISCORD_POSTS_PER_SECOND (45) is in production. */
const WORKER_RATE = Number(process.env.BENCH_FANOUT_RATE ?? 47);
const WORKERS = 2;

/** Run benchmark (g). */
export async function benchScaleFanOut(): Promise<SectionResults> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `whybot-bench-${randomUUID().slice(0, 8)}`;
  const why = await startWhyBench();
  const discord = await startFakeDiscord('1100000000000000001', { globalPerSecond: LIMIT_PER_SECOND });
  const redis = connectRedis(redisUrl);
  const workers = Array.from({ length: WORKERS }, () =>
    startScaleChild(['worker', discord.apiUrl, redisUrl, prefix, WORKER_RATE.toString()]),
  );
  const queue = await PostQueue.open({
    url: redisUrl,
    redis,
    prefix,
    platforms: ['discord'],
    logger: pino({ level: 'silent' }),
    waitMs: 3_600_000,
  });
  try {
    await Promise.all(workers.map((w) => w.ready));
    const reply = await why.ask('full'); // a digest is the full article (with its chart)
    const files = reply.kind === 'article' ? (reply.files?.length ?? 0) : 0;
    const channels = Array.from({ length: CHANNELS }, (_, i) => (1_500_000_000_000_000_000n + BigInt(i)).toString());
    const sendAll = () =>
      Promise.all(
        channels.map((channel) =>
          queue.send(
            { platform: 'discord', channel, kind: 'group' },
            reply,
            'bench digest',
            `digest:discord:${channel}:2026-03-01`,
          ),
        ),
      );
    const t0 = performance.now();
    // two schedulers' passes enqueue the same digest (as after a fail-over): the keys keep it to one post each
    const [outcomes] = await Promise.all([sendAll(), sendAll()]);
    const seconds = (performance.now() - t0) / 1000;
    for (const w of workers) w.child.kill('SIGTERM');
    const perWorker = await Promise.all(workers.map((w) => w.result));
    // a post answered 429 was not made (discord.js sends it again after retry_after), nor one Discord returned
    // as already made (same nonce): count the messages that were made
    const posts = discord.calls.filter(
      (c) => c.method === 'POST' && c.path.startsWith('/channels/') && c.status === 200 && c.deduped !== true,
    );
    const repeats = discord.calls.filter(
      (c) => c.method === 'POST' && c.path.startsWith('/channels/') && c.deduped === true,
    ).length;
    const byChannel = new Map<string, number>();
    for (const p of posts) byChannel.set(p.path, (byChannel.get(p.path) ?? 0) + 1);
    const floor = CHANNELS / LIMIT_PER_SECOND;
    return {
      'scale_fanout.channels': CHANNELS,
      'scale_fanout.workers': WORKERS,
      'scale_fanout.files_per_post': files,
      'scale_fanout.sent': outcomes.filter((o) => o.status === 'sent').length,
      'scale_fanout.failed': outcomes.filter((o) => o.status !== 'sent').length,
      'scale_fanout.posted_per_worker': perWorker.map((r) => r.posted ?? 0).join(' / '),
      'scale_fanout.total_s': round(seconds, 1),
      'scale_fanout.floor_s': floor,
      'scale_fanout.vs_floor': round(seconds / floor, 3),
      'scale_fanout.duplicates': [...byChannel.values()].filter((n) => n > 1).length,
      'scale_fanout.repeats_refused_by_nonce': repeats,
      'scale_fanout.channels_posted': byChannel.size,
      'scale_fanout.http_429': discord.rateLimited(),
    };
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await queue.stop();
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    redis.disconnect();
    await discord.close();
    await why.close();
  }
}

if (isMain(import.meta.url)) await reportSection(benchScaleFanOut);
