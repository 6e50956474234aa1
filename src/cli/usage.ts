// The CLI's help text, and the error type for bad command-line input (exit code 2).

/** Bad command-line input: the message is shown with a pointer to --help, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What `whybot --help` prints. */
export const USAGE = `whybot: explains why crypto is moving, from live public market data.

Usage:
  whybot [start] [--replay FILE[,FILE...]] [--at ISO-TIME] [--market spot|usdm|coinm|mark|index]
      Run the bot: Discord and Telegram when their tokens are set, otherwise a terminal prompt.
  whybot why [COIN] [--full] [--replay FILE[,FILE...]] [--at ISO-TIME] [--market M] [--format text|json]
      Print one explainer and exit. COIN is one of the tracked coins (default: the whole market).
  whybot collect
      Run only the liquidation collector, writing to the configured database.
  whybot backtest --replay FILE[,FILE...] [--rule COIN:-3%:1h ...] [--format text|json]
      Print the drop alerts whybot would have posted over the replayed period.
  whybot help
      Show this text.

Replays read Binance's public data dumps (e.g. BTCUSDT-1h-2024-08.csv, BTCUSDT-1m-2024-08-05.csv,
BTCUSDT-metrics-2024-08-05.csv, BTCUSDT-fundingRate-2024-08.csv) and replay them at --at, any moment inside
the data (default: the last candle's close); 1m/5m files next to 1h ones give the price between hourly closes.
The market is told by data.binance.vision's folder names (spot/, futures/um/, futures/cm/, markPriceKlines/,
indexPriceKlines/) or by --market; otherwise the article says "Binance klines".
Settings come from the environment or a .env file; see .env.example.`;
