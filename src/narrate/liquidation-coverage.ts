// The one coverage line under liquidation totals: exactly the venues counted (a sampling feed says so), and the
// major venues that publish no liquidation feed, so a reader knows what the totals cannot include.
import { SAMPLED_LIQUIDATION_FEEDS, VENUES_WITHOUT_LIQUIDATION_FEED } from '../core/liquidation-venues.ts';
import { exchangeName } from '../core/markets.ts';
import { joinList } from './names.ts';

/**
 * "Counted on Binance USD-M (a sample: at most one per symbol per second), Bybit, Gate and OKX; Hyperliquid
 * publishes no liquidation feed." for the venues in `exchanges` (ccxt ids), or null when there are none.
 */
export function liquidationCoverageLine(exchanges: readonly string[]): string | null {
  const present = [...new Set(exchanges)];
  if (present.length === 0) return null;
  const named = present.map((id) => {
    const sample = SAMPLED_LIQUIDATION_FEEDS[id];
    return sample ? `${exchangeName(id)} (a sample: ${sample})` : exchangeName(id);
  });
  const silent = VENUES_WITHOUT_LIQUIDATION_FEED.filter((id) => !present.includes(id)).map(exchangeName);
  const none =
    silent.length === 0
      ? ''
      : `; ${joinList(silent)} ${silent.length === 1 ? 'publishes' : 'publish'} no liquidation feed`;
  return `Counted on ${joinList(named)}${none}.`;
}
