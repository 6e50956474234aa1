// Discord as one entry of the platform table (see ../platform.ts): its settings and their checks, its posting
// rate, how its adapter and its worker poster start, and how its errors read. discord.js is loaded only when
// something starts.
import { z } from 'zod';
import type { CheckInput } from '../../config/checks.ts';
import { httpUrl, intSetting } from '../../config/kinds.ts';
import type { Config } from '../../config/schema.ts';
import type { ChatPlatform } from '../platform.ts';

const discordId = () =>
  z
    .string()
    .regex(/^\d{5,25}$/, 'must be a Discord id (digits)')
    .optional();

/** Discord's environment settings. */
const settings = {
  /** Discord bot token; when set, the Discord adapter runs. */
  DISCORD_TOKEN: z.string().optional(),
  /** Discord application id for registering slash commands; defaults to the id the gateway reports. */
  DISCORD_APP_ID: discordId(),
  /** Register slash commands in this server only (instant; for a test server) instead of globally. */
  DISCORD_GUILD_ID: discordId(),
  /** Discord REST base URL (a REST proxy, or a local fake in tests). */
  DISCORD_API_URL: httpUrl().default('https://discord.com/api'),
  /**
   * Discord gateway shards: "auto" (as many as Discord recommends, all in this process) or a count from 1 to 1000.
   * Unset: one unsharded connection. Discord requires sharding past 2,500 servers per connection.
   */
  DISCORD_SHARDS: z
    .string()
    .trim()
    .regex(/^(auto|\d{1,4})$/i, 'must be auto or a number of shards from 1 to 1000')
    .transform((s): 'auto' | number => (s.toLowerCase() === 'auto' ? 'auto' : Number(s)))
    .refine((n) => n === 'auto' || (n >= 1 && n <= 1000), 'must be auto or a number of shards from 1 to 1000')
    .optional(),
  /** Which of the DISCORD_SHARDS shards this process runs (0,1 or 2,3...), to spread them over processes; unset: all. */
  DISCORD_SHARD_IDS: z
    .string()
    .regex(/^\s*\d{1,4}\s*(,\s*\d{1,4}\s*)*$/, 'must be shard ids separated by commas, e.g. 0,1')
    .transform((s) => [...new Set(s.split(',').map((x) => Number(x.trim())))].sort((a, b) => a - b))
    .optional(),
  /** Seconds to wait for the Discord gateway's READY after logging in; past it the start is retried. */
  DISCORD_READY_TIMEOUT_SECONDS: intSetting(1, 600, 30),
  /** Most proactive Discord posts per second (Discord's global limit is about 50 requests/s). */
  DISCORD_POSTS_PER_SECOND: intSetting(1, 50, 45),
};

/** Discord's settings, validated (loadConfig checked them with `settings`). */
type DiscordConfig = z.infer<z.ZodObject<typeof settings>>;
const own = (config: Config) => config as unknown as DiscordConfig;

/** Where a new Discord bot token is made. */
export const DISCORD_TOKEN_HELP =
  'make a new one in the Discord Developer Portal (https://discord.com/developers/applications > your app > Bot > Reset Token) and set DISCORD_TOKEN';

// a Telegram bot token: digits, a colon, then letters
const TELEGRAM_SHAPED = /^\d+:[A-Za-z0-9_-]+$/;

function tokenProblems({ config, env }: CheckInput): string[] {
  const problems: string[] = [];
  const token = config.DISCORD_TOKEN;
  if (typeof token === 'string') {
    if (/^bot\s/i.test(token))
      problems.push('DISCORD_TOKEN starts with "Bot ": give the token alone, without the "Bot " prefix');
    else if (/\s/.test(token)) problems.push('DISCORD_TOKEN contains spaces or line breaks: paste the token alone');
    else if (TELEGRAM_SHAPED.test(token))
      problems.push(
        'DISCORD_TOKEN looks like a Telegram token (digits, a colon, letters): did you mean TELEGRAM_TOKEN?',
      );
  }
  for (const key of ['DISCORD_APP_ID', 'DISCORD_GUILD_ID', 'DISCORD_SHARDS', 'DISCORD_SHARD_IDS'] as const) {
    if (config[key] !== undefined && env.DISCORD_TOKEN === undefined) {
      problems.push(`${key} is set but DISCORD_TOKEN is missing: set the bot token, or remove ${key}`);
    }
  }
  return problems;
}

function shardProblems({ config }: CheckInput): string[] {
  const { DISCORD_SHARDS: count, DISCORD_SHARD_IDS: ids } = config as Partial<DiscordConfig>;
  if (ids === undefined) return [];
  if (typeof count !== 'number')
    return [
      `DISCORD_SHARD_IDS needs DISCORD_SHARDS set to a number of shards (got ${count === undefined ? 'none' : count}): every process must agree on the count, e.g. DISCORD_SHARDS=2 with DISCORD_SHARD_IDS=0 here and =1 elsewhere`,
    ];
  const outside = ids.filter((id) => id >= count);
  return outside.length === 0
    ? []
    : [
        `DISCORD_SHARD_IDS has ${outside.join(', ')}, outside the ${count.toString()} shards of DISCORD_SHARDS: ids go from 0 to ${(count - 1).toString()}`,
      ];
}

const code = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** Discord, for the platform table. */
export const discordPlatform: ChatPlatform = {
  name: 'discord',
  label: 'Discord',
  tokenSetting: 'DISCORD_TOKEN',
  settings,
  secrets: ['DISCORD_TOKEN'],
  defaultPostsPerSecond: 45,
  problems: (input) => [...tokenProblems(input), ...shardProblems(input)],
  enabled: (config) => own(config).DISCORD_TOKEN !== undefined,
  rates: (config) => ({ perSecond: own(config).DISCORD_POSTS_PER_SECOND }),
  isGroupChat: (target) => target.kind === 'group',
  async start(config, { dispatcher, logger, replyLimits }) {
    const s = own(config);
    const { startDiscordAdapter } = await import('./discord-adapter.ts');
    return startDiscordAdapter({
      token: s.DISCORD_TOKEN!,
      apiUrl: s.DISCORD_API_URL,
      ...(s.DISCORD_APP_ID === undefined ? {} : { appId: s.DISCORD_APP_ID }),
      ...(s.DISCORD_GUILD_ID === undefined ? {} : { guildId: s.DISCORD_GUILD_ID }),
      ...(s.DISCORD_SHARDS === undefined
        ? {}
        : {
            sharding: {
              count: s.DISCORD_SHARDS,
              ...(s.DISCORD_SHARD_IDS === undefined ? {} : { ids: s.DISCORD_SHARD_IDS }),
            },
          }),
      readyTimeoutMs: s.DISCORD_READY_TIMEOUT_SECONDS * 1000,
      dispatcher,
      logger,
      replyLimits,
    });
  },
  async startPosting(config) {
    const s = own(config);
    const [{ Client }, { createDiscordPoster }] = await Promise.all([
      import('discord.js'),
      import('./discord-poster.ts'),
    ]);
    // a global 429 fails the post instead of holding it in discord.js's queue, which lets every request held
    // meanwhile out at once when the wait ends (hundreds of 429s in a row at 10,000 channels); the post worker
    // holds the shared rate for the wait and retries the post after it, paced like any other
    const client = new Client({
      intents: [],
      rest: { api: s.DISCORD_API_URL, rejectOnRateLimit: (limit) => limit.global },
    });
    client.rest.setToken(s.DISCORD_TOKEN!);
    return { poster: createDiscordPoster(client), stop: () => client.destroy() };
  },
  refusedToken(error) {
    const status = (error as { status?: unknown } | null)?.status;
    const refused =
      code(error) === 'TokenInvalid' ||
      (status === 401 && /discord/i.test(String((error as { url?: unknown }).url ?? '')));
    return refused ? `DISCORD_TOKEN was refused by Discord (401 Unauthorized): ${DISCORD_TOKEN_HELP}` : undefined;
  },
  retryAfterMs(error) {
    // discord.js's RateLimitError: retryAfter in ms
    const after = (error as { retryAfter?: unknown } | undefined)?.retryAfter;
    return typeof after === 'number' && Number.isFinite(after) && after >= 0 ? after : undefined;
  },
};
