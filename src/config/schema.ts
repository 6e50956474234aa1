// The settings whybot reads from the environment (and .env), validated with zod.
// Every setting has a default here and a line in .env.example; add new ones in both places.
import { z } from 'zod';

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
  /** Log level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The validated configuration. */
export type Config = z.infer<typeof configSchema>;
