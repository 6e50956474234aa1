// Benchmark (d): a digest fanned out to 10,000 Discord channels through the real fan-out queue
// (src/deliver/fan-out.ts), the real Discord adapter's poster (discord.js REST) and the fake Discord enforcing
// Discord's global limit of 50 requests/s (token bucket; 429 with retry_after over it). Prints the total time
// against the 200 s floor (10,000 / 50 per second) and the 429s the fake answered.
// Run alone: npx tsx bench/fan-out.ts   (BENCH_FANOUT_CHANNELS=1000 for a quicker run)
import pino from 'pino';
import { startDiscordAdapter } from '../src/adapters/discord/discord-adapter.ts';
import { FanOut } from '../src/deliver/fan-out.ts';
import { startFakeDiscord } from '../test/fakes/discord-server.ts';
import { isMain, reportSection, type SectionResults } from './section.ts';
import { round } from './stats.ts';
import { startWhyBench } from './why-setup.ts';

const CHANNELS = Number(process.env.BENCH_FANOUT_CHANNELS ?? 10_000);
const LIMIT_PER_SECOND = 50;

/** Run benchmark (d). */
export async function benchFanOut(): Promise<SectionResults> {
  const why = await startWhyBench();
  const discord = await startFakeDiscord('1100000000000000001', { globalPerSecond: LIMIT_PER_SECOND });
  const logger = pino({ level: 'silent' });
  const adapter = await startDiscordAdapter({
    token: 'bench-discord-token',
    apiUrl: discord.apiUrl,
    dispatcher: why.dispatcher,
    logger,
  });
  const poster = adapter.poster;
  if (poster === undefined) throw new Error('the Discord adapter offers no poster');
  // BENCH_FANOUT_RATE=0 leaves pacing to discord.js REST alone (is the fan-out's own limiter redundant?).
  const rate = Number(process.env.BENCH_FANOUT_RATE ?? 45);
  const fanOut = new FanOut({
    posters: { discord: poster },
    logger,
    rates: { discord: rate, telegram: 25 },
  });
  try {
    const reply = await why.ask('full'); // a digest is the full article (with its chart)
    const files = reply.kind === 'article' ? (reply.files?.length ?? 0) : 0;
    const posts = Array.from({ length: CHANNELS }, (_, i) => ({
      where: {
        platform: 'discord' as const,
        channel: (1_500_000_000_000_000_000n + BigInt(i)).toString(),
        kind: 'group' as const,
      },
      reply,
      what: 'bench digest',
    }));
    const before = discord.calls.length;
    const t0 = performance.now();
    const outcomes = await fanOut.sendAll(posts);
    const seconds = (performance.now() - t0) / 1000;
    const floor = CHANNELS / LIMIT_PER_SECOND;
    const requests = discord.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.path.startsWith('/channels/')).length;
    return {
      'fanout.channels': CHANNELS,
      'fanout.own_rate_per_s': rate,
      'fanout.files_per_post': files,
      'fanout.sent': outcomes.filter((o) => o.status === 'sent').length,
      'fanout.failed': outcomes.filter((o) => o.status !== 'sent').length,
      'fanout.total_s': round(seconds, 1),
      'fanout.floor_s': floor,
      'fanout.vs_floor': round(seconds / floor, 3),
      'fanout.posts_per_s': round(CHANNELS / seconds, 1),
      'fanout.http_requests': requests,
      'fanout.http_429': discord.rateLimited(),
    };
  } finally {
    await fanOut.stop();
    await adapter.stop();
    await discord.close();
    await why.close();
  }
}

if (isMain(import.meta.url)) await reportSection(benchFanOut);
