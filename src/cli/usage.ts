// The CLI's help text, and the error type for bad command-line input (exit code 2). The chat platforms it
// names come from the platform table.
import { PLATFORMS, platformList } from '../adapters/platforms.ts';

const CHATS = platformList(PLATFORMS.map((p) => p.label));
const TOKENS = platformList(
  PLATFORMS.map((p) => p.tokenSetting),
  'and/or',
);
import { EXPORT_USAGE } from './export-usage.ts';

/** Bad command-line input: the message is shown with a pointer to `whybot help`, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What `whybot help` and `whybot --help` print. */
export const USAGE = `whybot: explains why crypto is moving, from live public market data.

Usage:
  whybot [start] [--role all|chat|worker|collector] [--replay FILE[,FILE...]] [--at ISO-TIME] [--market spot|usdm|coinm|mark|index]
      Run the bot: ${CHATS} when their tokens are set, otherwise a terminal prompt.
      --role (needs REDIS_URL unless "all", the default): "chat" answers commands, "worker" posts digests
      and alerts from the shared queue, "collector" collects liquidations and schedules digests and alerts
      while it leads (one leads at a time; another takes over when it stops). Join roles with commas
      (--role chat,worker) for a process that does several.
  whybot why [COIN] [--full] [--lang CODE] [--replay FILE[,FILE...]] [--at ISO-TIME] [--market M] [--markets FILE] [--news FEED[,FEED...]] [--liquidations FILE] [--spot FILE[,FILE...]] [--format text|json]
      Print one explainer and exit. COIN is one of the tracked coins (default: the whole market).
  whybot collect
      Run only the liquidation collector, writing to the configured database.
  whybot backtest --replay FILE[,FILE...] [--liquidations FILE] [--rule RULE]... [--cooldown MINUTES] [--market M] [--format text|json]
      Print the drop alerts whybot would have posted over the replayed period.
  whybot export liquidations --from ISO-TIME --to ISO-TIME [--out FILE]
      Write the liquidations whybot recorded over a span as a file that --liquidations replays.
  whybot help [COMMAND]   (or whybot --help, and whybot COMMAND --help)
      Show this text, or one command's.
  whybot --version
      Print the version.

Replays read Binance's public data dumps (e.g. BTCUSDT-1h-2024-08.csv, BTCUSDT-1m-2024-08-05.csv,
BTCUSDT-metrics-2024-08-05.csv, BTCUSDT-fundingRate-2024-08.csv) and replay them at --at, any moment inside
the data (default: the last candle's close); 1m/5m files next to 1h ones give the price between hourly closes.
The market is told by data.binance.vision's folder names (spot/, futures/um/, futures/cm/, markPriceKlines/,
indexPriceKlines/) or by --market; otherwise the article says "Binance klines".
Settings come from the environment or a .env file; see .env.example.
Exit codes: 0 done, 1 runtime or network failure, 2 bad input or settings.`;

/** The commands that have their own help text. */
export type HelpTopic = 'start' | 'why' | 'collect' | 'backtest' | 'export';

/** What `whybot help COMMAND` and `whybot COMMAND --help` print, per command (the one usage text of each). */
export const COMMAND_USAGE: Readonly<Record<HelpTopic, string>> = {
  start: `Usage: whybot [start] [--replay FILE[,FILE...]] [--at ISO-TIME] [--market M]

Runs the bot until stopped (Ctrl-C, SIGTERM). With ${TOKENS} set it serves those chats;
with neither, it opens a terminal prompt where /why, /levels, /liqs, /status and /help work as in chat.

  --replay FILES   run on recorded Binance klines (comma-separated) instead of live data; replies say it is a replay
  --lang CODE      the terminal's language, and chats' whose platform names none: en, es, ru, tr, vi or zh
  --at ISO-TIME    the replayed moment, any time inside the files (default: the last candle's close), e.g. 2024-08-05T07:30:00Z
  --market M       what the files hold when their folders do not say: spot, usdm, coinm, mark or index`,
  why: `Usage: whybot why [COIN] [--full] [--lang CODE] [--replay FILE[,FILE...]] [--at ISO-TIME] [--market M] [--markets FILE] [--news FEED[,FEED...]] [--spot FILE[,FILE...]] [--format text|json]

Prints one explainer and exits. COIN is one of the tracked coins (WHYBOT_COINS); without it, the whole market.

  --full           the long form (the one daily digests use)
  --lang CODE      the language to write in: en, es, ru, tr, vi or zh (default WHYBOT_LANGUAGE)
  --format json    the article and every figure it states, each with its source and data time
  --replay FILES   recorded Binance klines instead of live data (see examples/binance/); add 1m/5m files for the
                   price to the minute
  --at ISO-TIME    the replayed moment, any time inside the files (default: the last candle's close)
  --market M       what the files hold when their folders do not say: spot, usdm, coinm, mark or index
  --markets FILE   other markets' hourly candles for the replay (CSV: market,time,open,high,low,close; see README)
  --news FEEDS     with --replay: publishers' RSS or Atom files as served (comma-separated; Outlet=FILE names the
                   outlet, else the feed's own title does); headlines published by the replayed moment line up
                   with the move (see examples/news/)
  --liquidations FILE  liquidations whybot recorded (from "whybot export liquidations"), replayed with the klines
  --spot FILES     with --replay: spot kline files of the same coins (data.binance.vision's CSV, e.g.
                   BTCUSDT-1h-2024-08.csv), so a perpetual wick far from spot is named`,
  collect: `Usage: whybot collect

Runs only the liquidation collector (Binance USD-M, Bybit, OKX and Gate streams; WHYBOT_LIQ_EXCHANGES), writing to the
configured database, until stopped. Run it next to a bot started with WHYBOT_COLLECTOR=off.`,
  backtest: `Usage: whybot backtest --replay FILE[,FILE...] [--rule RULE]... [--cooldown MINUTES] [--market M] [--liquidations FILE] [--no-headlines] [--format text|json]

Replays Binance kline dumps (e.g. BTCUSDT-1h-2024-08.csv) through the drop-alert rules and prints every alert
whybot would have posted, with its time, the move, the alert's title (the same move) and, below it, the
headline of the article posted with it. Prices are the closes of the finest candles given: add 1m or 5m files
next to 1h ones and the rules see the moves inside each hour.

  --replay FILES    recorded Binance klines (comma-separated); 1m/5m files let the rules see drops inside an hour
  --rule RULE       COIN:-DROP%:WINDOW or basket:-DROP%:WINDOW, e.g. BTC:-3%:1h (repeatable; default
                    WHYBOT_ALERT_RULES or BTC:-3%:1h,basket:-5%:24h). The basket is the coins in the files.
  --cooldown MIN    minutes before a new drop of the same rule is posted again (default 120)
  --market M        what the files hold when their folders do not say: spot, usdm, coinm, mark or index
  --liquidations FILE  liquidations whybot recorded (from "whybot export liquidations") for the articles' headlines
  --no-headlines    do not write the articles (faster)
  --format json     one JSON array of the alerts instead of text`,
  export: EXPORT_USAGE,
};
