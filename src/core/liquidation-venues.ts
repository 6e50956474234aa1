// What is known of each perpetuals venue's public liquidation feed, for the coverage line under every total:
// which feeds send only a sample, and which major venues publish no feed at all (so no total can include them).

/** Venues whose public liquidation stream is a sample, with what it leaves out. */
export const SAMPLED_LIQUIDATION_FEEDS: Readonly<Record<string, string>> = {
  // Binance's !forceOrder@arr pushes the latest liquidation of each symbol at most once a second
  binanceusdm: 'at most one per symbol per second',
};

/**
 * Major perpetuals venues with no public liquidation feed. Hyperliquid's public websocket has trades
 * (no liquidation flag) and per-user fills only; an exchange-wide liquidation stream exists only from
 * third parties.
 */
export const VENUES_WITHOUT_LIQUIDATION_FEED: readonly string[] = ['hyperliquid'];
