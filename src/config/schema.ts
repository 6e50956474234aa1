// The settings whybot reads from the environment (and .env), validated with zod. Checks that involve
// several settings live in checks.ts. Every setting has a line in .env.example; add new ones in both places.
import { z } from 'zod';
import { clusterConfigShape } from './cluster-schema.ts';
import { schedulingConfigShape } from './scheduling-schema.ts';

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The schema of every setting, keyed by environment variable name. */
export const configSchema = z.object({
  /** Coins to track, upper case (BTC,ETH,...). */
  WHYBOT_COINS: list('BTC,ETH,BNB,SOL,XRP').transform((coins) => coins.map((c) => c.toUpperCase())),
  /** ccxt id of the exchange market data comes from. */
  WHYBOT_EXCHANGE: z.string().default('binanceusdm'),
  /** Quote currency of the tracked perpetual markets. */
  WHYBOT_QUOTE: z.string().default('USDT'),
  /** How long a market snapshot is reused, in seconds. */
  WHYBOT_SNAPSHOT_TTL_SECONDS: positiveInt(60),
  /** Timeout of one upstream HTTP request, in milliseconds. */
  WHYBOT_HTTP_TIMEOUT_MS: positiveInt(10_000),
  /** Overrides the exchange REST base URL (a proxy, or the local simulator); empty for the real exchange. */
  WHYBOT_EXCHANGE_URL: z.string().url().optional(),
  /** Path of the SQLite database (liquidations, schedules, alerts). */
  WHYBOT_DB_PATH: z.string().default('./data/whybot.sqlite'),
  /** Log file of the terminal prompt (JSON lines); default whybot.log beside the database. Chat servers log to stderr. */
  WHYBOT_LOG_FILE: z.string().min(1).optional(),
  /** Run the liquidation collector inside the bot ("on"), or leave it to a separate `whybot collect` ("off"). */
  WHYBOT_COLLECTOR: z.enum(['on', 'off']).default('on'),
  /** Exchanges whose liquidation streams are collected (binanceusdm, bybit, okx). */
  WHYBOT_LIQ_EXCHANGES: list('binanceusdm,bybit,okx').pipe(z.array(z.enum(['binanceusdm', 'bybit', 'okx']))),
  /** Days of liquidation buckets kept; older ones are pruned automatically (30-day totals need at least 31). */
  WHYBOT_LIQ_RETENTION_DAYS: positiveInt(35),
  /** Overrides the liquidation exchanges' REST and websocket base URL (a proxy, or the local simulator); empty for the real exchanges. */
  WHYBOT_LIQ_URL: z.string().url().optional(),
  /** Read the Fear & Greed index ("on") or leave sentiment out of articles ("off"). */
  WHYBOT_SENTIMENT: z.enum(['on', 'off']).default('on'),
  /** Base URL of the Fear & Greed API (alternative.me, or a proxy). */
  WHYBOT_FNG_URL: z.string().url().default('https://api.alternative.me'),
  /** Timeout of one Fear & Greed request, in milliseconds. */
  WHYBOT_FNG_TIMEOUT_MS: positiveInt(5000),
  /** How long a Fear & Greed reading is reused, in seconds. */
  WHYBOT_FNG_TTL_SECONDS: positiveInt(600),
  /** JSON or YAML file of large holders (name, coin, amount, cost basis, as-of date); unset for none. See holders.example.json. */
  WHYBOT_HOLDERS_FILE: z.string().optional(),
  /** Chart image size in pixels. */
  WHYBOT_CHART_WIDTH: positiveInt(1200),
  WHYBOT_CHART_HEIGHT: positiveInt(675),
  /** How many rendered charts are kept in memory. */
  WHYBOT_CHART_CACHE_SIZE: positiveInt(32),
  /** Directory of the article templates (an operator's edited copy); default: the repository's templates/. */
  WHYBOT_TEMPLATES_DIR: z.string().optional(),
  /** 24h change (percent) at or below which the day is a crash. */
  WHYBOT_REGIME_CRASH_PCT: z.coerce.number().negative().default(-8),
  /** 24h change (percent) at or below which the day is a sell-off (between this and the flat band: a dip). */
  WHYBOT_REGIME_SELLOFF_PCT: z.coerce.number().negative().default(-3),
  /** Plus or minus this 24h change (percent) counts as flat. */
  WHYBOT_REGIME_FLAT_PCT: z.coerce.number().positive().default(1),
  /** 24h change (percent) at or above which the day is a rally (between the flat band and this: a rise). */
  WHYBOT_REGIME_RALLY_PCT: z.coerce.number().positive().default(5),
  /** Port of the health and metrics HTTP server (/healthz, /metrics); unset: no server. 0 picks a free port. */
  WHYBOT_HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Address the health server listens on; 127.0.0.1 keeps it private (the container image sets 0.0.0.0). */
  WHYBOT_HEALTH_HOST: z.string().default('127.0.0.1'),
  /** Log level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Discord bot token; when set, the Discord adapter runs. */
  DISCORD_TOKEN: z.string().optional(),
  /** Discord application id for registering slash commands; defaults to the id the gateway reports. */
  DISCORD_APP_ID: z.string().regex(/^\d{5,25}$/, 'must be a Discord id (digits)').optional(),
  /** Register slash commands in this server only (instant; for a test server) instead of globally. */
  DISCORD_GUILD_ID: z.string().regex(/^\d{5,25}$/, 'must be a Discord id (digits)').optional(),
  /** Discord REST base URL (a REST proxy, or a local fake in tests). */
  DISCORD_API_URL: z.string().url().default('https://discord.com/api'),
  /** Telegram bot token from @BotFather; when set, the Telegram adapter runs. */
  TELEGRAM_TOKEN: z.string().optional(),
  /** Telegram Bot API root (a self-hosted Bot API server, or a local fake in tests). */
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  /** Least time between two bot messages to one Telegram chat, ms. */
  TELEGRAM_PER_CHAT_INTERVAL_MS: positiveInt(1000),
  /** Most bot messages to one Telegram group per minute. */
  TELEGRAM_GROUP_PER_MINUTE: positiveInt(20),
  /** Most bot messages per second across all Telegram chats. */
  TELEGRAM_GLOBAL_PER_SECOND: positiveInt(30),
  /** Digests and drop alerts (see src/deliver/settings.ts). */
  ...schedulingConfigShape,
  /** Several processes: Redis, roles and leaders (see cluster-schema.ts). */
  ...clusterConfigShape,
});

/** The validated configuration. */
export type Config = z.infer<typeof configSchema>;
