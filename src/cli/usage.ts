// The CLI's help text, and the error type for bad command-line input (exit code 2).

/** Bad command-line input: the message is shown with a pointer to --help, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What `whybot --help` prints. */
export const USAGE = `whybot: explains why crypto is moving, from live public market data.

Usage:
  whybot [start] [--role all|chat|worker|collector] [--replay FILE[,FILE...]] [--at ISO-TIME]
      Run the bot: Discord and Telegram when their tokens are set, otherwise a terminal prompt.
      --role (needs REDIS_URL unless "all", the default): "chat" answers commands, "worker" posts digests
      and alerts from the shared queue, "collector" collects liquidations and schedules digests and alerts
      while it leads (one leads at a time; another takes over when it stops).
  whybot why [COIN] [--full] [--replay FILE[,FILE...]] [--at ISO-TIME] [--format text|json]
      Print one explainer and exit. COIN is one of the tracked coins (default: the whole market).
  whybot collect
      Run only the liquidation collector, writing to the configured database.
  whybot backtest --replay FILE[,FILE...] [--rule COIN:-3%:1h ...] [--format text|json]
      Print the drop alerts whybot would have posted over the replayed period.
  whybot help
      Show this text.

Replays read Binance's public data dumps (e.g. BTCUSDT-1h-2024-08.csv, BTCUSDT-metrics-2024-08-05.csv,
BTCUSDT-fundingRate-2024-08.csv) and replay them at --at (default: the last candle's close).
Settings come from the environment or a .env file; see .env.example.`;
