// The help text of `whybot export` (its own file: usage.ts lists it, export-command.ts prints it).

/** Usage of the export command. */
export const EXPORT_USAGE = `Usage: whybot export liquidations --from ISO-TIME --to ISO-TIME [--out FILE] [--db PATH]

Writes the liquidations whybot recorded from --from up to (not including) --to, with the spans each venue's
stream was connected, as a liquidation file (JSON Lines; see docs/liquidation-file.md) to FILE, or to standard
output. Replay it with: whybot why --replay KLINES --at ISO-TIME --liquidations FILE (backtest takes it too).
Reads the PostgreSQL database at DATABASE_URL, else the SQLite file at WHYBOT_DB_PATH (or --db PATH).`;
