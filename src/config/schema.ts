// The settings whybot reads from the environment (and .env), validated with zod. Checks that involve
// several settings live in checks.ts. Each chat platform brings its own settings (PlatformSettings, from the
// table in src/adapters/platforms.ts); load-config.ts validates them with these. Every setting has a line in
// .env.example; add new ones in both places.
import { z } from 'zod';
import { parseFeedList } from '../core/feed-list.ts';
import { clusterConfigShape } from './cluster-schema.ts';
import { schedulingConfigShape } from './scheduling-schema.ts';
import { httpUrl, intSetting, numberSetting } from './kinds.ts';

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

/** The schema of every setting but the chat platforms' own, keyed by environment variable name. */
export const configSchema = z.object({
  /** Coins to track, upper case (BTC,ETH,...). */
  WHYBOT_COINS: list('BTC,ETH,BNB,SOL,XRP')
    .transform((coins) => coins.map((c) => c.toUpperCase()))
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^[A-Z0-9]{1,20}$/,
            'must be a coin symbol (letters and digits, such as BTC or 1000PEPE), and coins are separated by commas: BTC,ETH',
          ),
      ),
    ),
  /** ccxt id of the exchange market data comes from. */
  WHYBOT_EXCHANGE: z.string().default('binanceusdm'),
  /** Quote currency of the tracked perpetual markets. */
  WHYBOT_QUOTE: z.string().default('USDT'),
  /** How long a market snapshot is reused, in seconds. */
  WHYBOT_SNAPSHOT_TTL_SECONDS: intSetting(1, 3600, 60),
  /** Timeout of one upstream HTTP request, in milliseconds. */
  WHYBOT_HTTP_TIMEOUT_MS: intSetting(100, 120_000, 10_000),
  /** Overrides the exchange REST base URL (a proxy, or the local simulator); empty for the real exchange. */
  WHYBOT_EXCHANGE_URL: httpUrl().optional(),
  /** Path of the SQLite database (liquidations, schedules, alerts). */
  WHYBOT_DB_PATH: z.string().default('./data/whybot.sqlite'),
  /** PostgreSQL instead of the SQLite file (postgres://user:pass@host:5432/db): several processes or machines on one store. */
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\/\S+$/i,
      'must be a postgres:// URL (leave it unset for the SQLite file at WHYBOT_DB_PATH)',
    )
    .optional(),
  /** Log file of the terminal prompt (JSON lines); default whybot.log beside the database. Chat servers log to stderr. */
  WHYBOT_LOG_FILE: z.string().min(1).optional(),
  /** Run the liquidation collector inside the bot ("on"), or leave it to a separate `whybot collect` ("off"). */
  WHYBOT_COLLECTOR: z.enum(['on', 'off']).default('on'),
  /** Exchanges whose liquidation streams are collected (binanceusdm, bybit, okx, gate, dydx, htx, bitmex). */
  WHYBOT_LIQ_EXCHANGES: list('binanceusdm,bybit,okx,gate,dydx,htx,bitmex').pipe(
    z.array(z.enum(['binanceusdm', 'bybit', 'okx', 'gate', 'dydx', 'htx', 'bitmex'])),
  ),
  /** Venues whose open interest and funding the collector records every few minutes (binanceusdm, bybit, okx, bitget, hyperliquid, deribit). */
  WHYBOT_OI_EXCHANGES: list('binanceusdm,bybit,okx,bitget,hyperliquid,deribit').pipe(
    z.array(z.enum(['binanceusdm', 'bybit', 'okx', 'bitget', 'hyperliquid', 'deribit'])),
  ),
  /** Days of open-interest and funding history backfilled from venues' history endpoints (Binance USD-M: its last 30; Bybit: up to 730); 0 turns backfill off. */
  WHYBOT_OI_BACKFILL_DAYS: intSetting(0, 730, 365),
  /** Days of liquidation buckets kept; older ones are pruned automatically (30-day totals need at least 31). */
  WHYBOT_LIQ_RETENTION_DAYS: intSetting(1, 3650, 35),
  /** Overrides the liquidation exchanges' REST and websocket base URL (a proxy, or the local simulator); empty for the real exchanges. */
  WHYBOT_LIQ_URL: httpUrl().optional(),
  /** Read the Fear & Greed index ("on") or leave sentiment out of articles ("off"). */
  WHYBOT_SENTIMENT: z.enum(['on', 'off']).default('on'),
  /** Base URL of the Fear & Greed API (alternative.me, or a proxy). */
  WHYBOT_FNG_URL: httpUrl().default('https://api.alternative.me'),
  /** Timeout of one Fear & Greed request, in milliseconds. */
  WHYBOT_FNG_TIMEOUT_MS: intSetting(100, 120_000, 5000),
  /** How long a Fear & Greed reading is reused, in seconds. */
  WHYBOT_FNG_TTL_SECONDS: intSetting(1, 86_400, 600),
  /** Headlines from publishers' RSS/Atom feeds, lined up in time with the move (on or off). */
  WHYBOT_NEWS: z.enum(['on', 'off']).default('on'),
  /** The feeds to read, as Name=https://address entries separated by commas; unset for the defaults (see README). */
  WHYBOT_NEWS_FEEDS: z
    .string()
    .trim()
    .min(1)
    .superRefine((raw, ctx) => {
      try {
        parseFeedList(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional(),
  /** How often each feed is asked, in seconds (at least 300: publishers ask for no more). */
  WHYBOT_NEWS_INTERVAL_SECONDS: intSetting(300, 86_400, 600),
  /** Timeout of one feed request, in milliseconds. */
  WHYBOT_NEWS_TIMEOUT_MS: intSetting(500, 60_000, 5000),
  /** JSON or YAML file of large holders (name, coin, amount, cost basis, as-of date); unset for none. See holders.example.json. */
  WHYBOT_HOLDERS_FILE: z.string().optional(),
  /** Name scheduled economic events (FOMC, CPI, payrolls, options expiry...) in articles and digests ("on") or not. */
  WHYBOT_CALENDAR: z.enum(['on', 'off']).default('on'),
  /** Your own economic calendar file (same form as src/gather/calendar/schedule.yaml); unset for the bundled one. */
  WHYBOT_CALENDAR_FILE: z.string().optional(),
  /** Markets beyond crypto: "yahoo" reads Yahoo Finance's keyless chart endpoint (personal use; see README), "off" none. */
  WHYBOT_MARKETS: z.enum(['yahoo', 'off']).default('off'),
  /** Base URL of that endpoint (tests point it at a local server). */
  WHYBOT_MARKETS_URL: httpUrl().default('https://query1.finance.yahoo.com'),
  /** Timeout of each market's request, in ms. */
  WHYBOT_MARKETS_TIMEOUT_MS: intSetting(100, 120_000, 5000),
  /** CSV of US spot bitcoin/ether ETF daily net flows you keep from a provider whose terms allow it; unset for none. */
  WHYBOT_FLOWS_FILE: z.string().optional(),
  /** Compare the perpetual with spot candles ("on": Binance spot when the bot reads Binance USD-M itself, or WHYBOT_SPOT_URL). */
  WHYBOT_SPOT: z.enum(['on', 'off']).default('on'),
  /** Base URL of a Binance-compatible spot API for those candles (a proxy; tests point it at the simulator). */
  WHYBOT_SPOT_URL: httpUrl().optional(),
  /** Chart image size in pixels (320 to 4096, what the chart renderer draws). */
  WHYBOT_CHART_WIDTH: intSetting(320, 4096, 1200),
  WHYBOT_CHART_HEIGHT: intSetting(320, 4096, 675),
  /** How many rendered charts are kept in memory. */
  WHYBOT_CHART_CACHE_SIZE: intSetting(1, 1000, 32),
  /** Worker threads that draw charts off the main event loop (one keeps a core free for it on small machines); 0 draws on the main thread. */
  WHYBOT_CHART_THREADS: numberSetting(z.number().int().min(0).max(16)).default(1),
  /** Charts that may wait for a worker thread; past that, replies go without their chart (logged). */
  WHYBOT_CHART_QUEUE: numberSetting(z.number().int().min(1).max(10_000)).default(64),
  /** Directory of the article templates (an operator's edited copy); default: the repository's templates/. */
  WHYBOT_TEMPLATES_DIR: z.string().optional(),
  /**
   * The language of the terminal, the CLI, and chats where the platform names none (Telegram groups) until a
   * moderator runs /language: a code of templates/languages.yaml (checked when the templates load).
   */
  WHYBOT_LANGUAGE: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,3}$/, 'a language code such as en, es or ru')
    .default('en'),
  /** 24h change (percent) at or below which the day is a crash. */
  WHYBOT_REGIME_CRASH_PCT: numberSetting(z.number().min(-100).negative()).default(-8),
  /** 24h change (percent) at or below which the day is a sell-off (between this and the flat band: a dip). */
  WHYBOT_REGIME_SELLOFF_PCT: numberSetting(z.number().min(-100).negative()).default(-3),
  /** Plus or minus this 24h change (percent) counts as flat. */
  WHYBOT_REGIME_FLAT_PCT: numberSetting(z.number().positive().max(50)).default(1),
  /** 24h change (percent) at or above which the day is a rally (between the flat band and this: a rise). */
  WHYBOT_REGIME_RALLY_PCT: numberSetting(z.number().positive().max(1000)).default(5),
  /** Port of the health and metrics HTTP server (/healthz, /metrics); unset: no server. 0 picks a free port. */
  WHYBOT_HEALTH_PORT: numberSetting(z.number().int().min(0).max(65_535)).optional(),
  /** Address the health server listens on; 127.0.0.1 keeps it private (the container image sets 0.0.0.0). */
  WHYBOT_HEALTH_HOST: z.string().default('127.0.0.1'),
  /**
   * The terminal prompt when no chat token is set: "auto" opens it only when standard input is a terminal (or
   * for a replay), "on" also reads commands piped in. With neither, start-up fails instead of exiting at once.
   */
  WHYBOT_TERMINAL: z.enum(['auto', 'on']).default('auto'),
  /** Log level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Most command replies in progress for one chat; past it the command is refused (each platform says how, or logs it). */
  WHYBOT_MAX_REPLIES_PER_CHAT: numberSetting(z.number().int().min(1).max(1000)).default(3),
  /** Most command replies in progress per platform, across chats (same rule). */
  WHYBOT_MAX_REPLIES: numberSetting(z.number().int().min(1).max(100_000)).default(200),
  /** Digests and drop alerts (see src/deliver/settings.ts). */
  ...schedulingConfigShape,
  /** Several processes: Redis, roles and leaders (see cluster-schema.ts). */
  ...clusterConfigShape,
});

/** The settings of configSchema, validated. */
export type BaseConfig = z.infer<typeof configSchema>;

/**
 * The validated configuration: configSchema's settings, typed, and each chat platform's own settings (validated by
 * its schema in the platform table; the platform module reads them with their types).
 */
export type Config = BaseConfig & { readonly [setting: string]: unknown };
