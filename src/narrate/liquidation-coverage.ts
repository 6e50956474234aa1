// The one coverage line under liquidation totals: exactly the venues counted (a sampling feed says so), and the
// major venues that publish no liquidation feed, so a reader knows what the totals cannot include.
import { SAMPLED_LIQUIDATION_FEEDS, VENUES_WITHOUT_LIQUIDATION_FEED } from '../core/liquidation-venues.ts';
import { exchangeName } from '../core/markets.ts';
import type { Words } from './words.ts';

/**
 * "Counted on Binance USD-M (a sample: at most one per symbol per second), Bybit, Gate and OKX; Hyperliquid
 * publishes no liquidation feed." for the venues in `exchanges` (ccxt ids), or null when there are none.
 */
export function liquidationCoverageLine(exchanges: readonly string[], words: Words): string | null {
  const present = [...new Set(exchanges)];
  if (present.length === 0) return null;
  const named = present.map((id) =>
    SAMPLED_LIQUIDATION_FEEDS[id] ? words.t('coverage.sampled', { venue: exchangeName(id) }) : exchangeName(id),
  );
  const silent = VENUES_WITHOUT_LIQUIDATION_FEED.filter((id) => !present.includes(id)).map(exchangeName);
  const venues = words.list(named);
  if (silent.length === 0) return words.t('coverage.counted', { venues });
  return words.t('coverage.counted_silent', { venues, silent: words.list(silent), count: silent.length });
}
