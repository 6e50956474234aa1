// Telegram as one entry of the platform table (see ../platform.ts): its settings and their checks, its sending
// limits, how its adapter (long polling or webhook) and its worker poster start, and how its errors read.
// telegraf is loaded only when something starts.
import { z } from 'zod';
import type { CheckInput } from '../../config/checks.ts';
import { httpUrl, intSetting, numberSetting } from '../../config/kinds.ts';
import type { Config } from '../../config/schema.ts';
import type { ChatPlatform } from '../platform.ts';
import { retryAfterSeconds } from './retry-after.ts';

/** Telegram's environment settings. */
const settings = {
  /** Telegram bot token from @BotFather; when set, the Telegram adapter runs. */
  TELEGRAM_TOKEN: z.string().optional(),
  /** Telegram Bot API root (a self-hosted Bot API server, or a local fake in tests). */
  TELEGRAM_API_ROOT: httpUrl().default('https://api.telegram.org'),
  /** Least time between two bot messages to one Telegram chat, ms. */
  TELEGRAM_PER_CHAT_INTERVAL_MS: intSetting(1, 600_000, 1000),
  /** Most bot messages to one Telegram group per minute. */
  TELEGRAM_GROUP_PER_MINUTE: intSetting(1, 1000, 20),
  /** Most bot messages per second across all Telegram chats. */
  TELEGRAM_GLOBAL_PER_SECOND: intSetting(1, 1000, 30),
  /** Most Telegram messages waiting for one chat; past this the oldest command reply (then post) is dropped and logged. */
  TELEGRAM_MAX_QUEUED_PER_CHAT: numberSetting(z.number().int().min(1).max(1000)).default(10),
  /** Most Telegram messages waiting under the overall rate, across chats (same drop rule). */
  TELEGRAM_MAX_QUEUED: numberSetting(z.number().int().min(1).max(1_000_000)).default(1000),
  /** Public HTTPS URL Telegram posts updates to (webhook mode, for several chat processes behind a load balancer); unset: long polling. */
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  /** Secret Telegram sends with every webhook update; updates without it are refused. Required with TELEGRAM_WEBHOOK_URL. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 letters, digits, _ or -')
    .optional(),
  /** Port and address the webhook's HTTP server listens on (put TLS in front: a load balancer or proxy). */
  TELEGRAM_WEBHOOK_PORT: numberSetting(z.number().int().min(0).max(65_535)).default(8443),
  TELEGRAM_WEBHOOK_HOST: z.string().default('0.0.0.0'),
  /** Most simultaneous connections Telegram opens to the webhook (1-100). */
  TELEGRAM_WEBHOOK_MAX_CONNECTIONS: numberSetting(z.number().int().min(1).max(100)).default(40),
};

/** Telegram's settings, validated (loadConfig checked them with `settings`). */
type TelegramConfig = z.infer<z.ZodObject<typeof settings>>;
const own = (config: Config) => config as unknown as TelegramConfig;

/** Where a Telegram bot token comes from. */
export const TELEGRAM_TOKEN_HELP =
  'get the current one from @BotFather (/token, or /revoke for a new one) and set TELEGRAM_TOKEN';

const TOKEN_SHAPE = /^\d+:[A-Za-z0-9_-]+$/;

function problems({ config, env }: CheckInput): string[] {
  const out: string[] = [];
  const token = config.TELEGRAM_TOKEN;
  if (typeof token === 'string' && !TOKEN_SHAPE.test(token)) {
    out.push(
      'TELEGRAM_TOKEN does not look like a token from @BotFather (digits, a colon, then letters, e.g. 123456:ABC-def)',
    );
  }
  if (config.TELEGRAM_WEBHOOK_URL !== undefined && env.TELEGRAM_WEBHOOK_SECRET === undefined) {
    out.push(
      'TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is missing: set a secret (letters, digits, _ or -) so only Telegram can post updates',
    );
  }
  if (config.TELEGRAM_WEBHOOK_URL !== undefined && env.TELEGRAM_TOKEN === undefined) {
    out.push(
      'TELEGRAM_WEBHOOK_URL is set but TELEGRAM_TOKEN is missing: set the bot token, or remove TELEGRAM_WEBHOOK_URL',
    );
  }
  return out;
}

/** The sending limits of the outbox under these settings. */
async function outboxLimits(s: TelegramConfig) {
  const { DEFAULT_TELEGRAM_LIMITS } = await import('./outbox.ts');
  return {
    ...DEFAULT_TELEGRAM_LIMITS,
    perChatIntervalMs: s.TELEGRAM_PER_CHAT_INTERVAL_MS,
    groupPerMinute: s.TELEGRAM_GROUP_PER_MINUTE,
    globalPerSecond: s.TELEGRAM_GLOBAL_PER_SECOND,
  };
}

/** Telegram, for the platform table. */
export const telegramPlatform: ChatPlatform = {
  name: 'telegram',
  label: 'Telegram',
  tokenSetting: 'TELEGRAM_TOKEN',
  settings,
  secrets: ['TELEGRAM_TOKEN'],
  defaultPostsPerSecond: 25,
  problems,
  enabled: (config) => own(config).TELEGRAM_TOKEN !== undefined,
  rates: (config) => ({
    perSecond: own(config).TELEGRAM_GLOBAL_PER_SECOND,
    perGroupMinute: own(config).TELEGRAM_GROUP_PER_MINUTE,
  }),
  // group and supergroup ids are negative
  isGroupChat: (target) => target.kind === 'group' || target.channel.startsWith('-'),
  async start(config, { dispatcher, logger, replyLimits, lock, claim }) {
    const s = own(config);
    const { startTelegramAdapter } = await import('./telegram-adapter.ts');
    const webhook = s.TELEGRAM_WEBHOOK_URL !== undefined && s.TELEGRAM_WEBHOOK_SECRET !== undefined;
    return startTelegramAdapter({
      token: s.TELEGRAM_TOKEN!,
      apiRoot: s.TELEGRAM_API_ROOT,
      dispatcher,
      logger,
      ...(webhook
        ? {
            webhook: {
              url: s.TELEGRAM_WEBHOOK_URL!,
              secret: s.TELEGRAM_WEBHOOK_SECRET!,
              port: s.TELEGRAM_WEBHOOK_PORT,
              host: s.TELEGRAM_WEBHOOK_HOST,
              maxConnections: s.TELEGRAM_WEBHOOK_MAX_CONNECTIONS,
            },
          }
        : {}),
      // with several processes, Telegram allows one long poller: the process holding the poll lock
      ...(lock && s.TELEGRAM_WEBHOOK_URL === undefined ? { pollLock: (work) => lock('telegram-poll', work) } : {}),
      ...(claim ? { claim } : {}),
      inlineCacheSeconds: config.WHYBOT_SNAPSHOT_TTL_SECONDS,
      replyLimits,
      limits: {
        ...(await outboxLimits(s)),
        maxQueuedPerChat: s.TELEGRAM_MAX_QUEUED_PER_CHAT,
        maxQueued: s.TELEGRAM_MAX_QUEUED,
      },
    });
  },
  async startPosting(config, logger) {
    const s = own(config);
    const [{ Telegraf }, { TelegramOutbox }, { createTelegramPoster }] = await Promise.all([
      import('telegraf'),
      import('./outbox.ts'),
      import('./telegram-poster.ts'),
    ]);
    const bot = new Telegraf(s.TELEGRAM_TOKEN!, { telegram: { apiRoot: s.TELEGRAM_API_ROOT } });
    const outbox = new TelegramOutbox(await outboxLimits(s), logger.child({ adapter: 'telegram' }));
    return { poster: createTelegramPoster(bot, outbox), stop: () => outbox.stop() };
  },
  refusedToken(error) {
    // telegraf's TelegramError: 401 for a revoked token, 404 from getMe for a malformed one
    const { response, on } = (error ?? {}) as { response?: { error_code?: unknown }; on?: { method?: unknown } };
    const refused = response?.error_code === 401 || (response?.error_code === 404 && on?.method === 'getMe');
    return refused ? `TELEGRAM_TOKEN was refused by Telegram (401 Unauthorized): ${TELEGRAM_TOKEN_HELP}` : undefined;
  },
  retryAfterMs(error) {
    const seconds = retryAfterSeconds(error);
    return seconds === undefined ? undefined : seconds * 1000;
  },
};
