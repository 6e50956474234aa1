// Which market a replay's kline files hold, told by data.binance.vision's folder names (data/spot/...,
// data/futures/um/..., data/futures/cm/..., markPriceKlines, indexPriceKlines), by COIN-M symbol names
// (BTCUSD_PERP), or by the user's --market flag. When nothing tells, it is "Binance klines": never a market
// the files cannot vouch for.
import type { ReplayMarket } from '../gather/types.ts';
import { ReplayFileError } from '../gather/replay-file-error.ts';

export type { ReplayMarket };
/** The venue of a Binance kline dump. */
export type ReplayVenue = ReplayMarket['venue'];
/** What the prices are. */
export type ReplayPriceKind = ReplayMarket['price'];

/** Values of the --market flag. */
export const MARKET_FLAG_VALUES = ['spot', 'usdm', 'coinm', 'mark', 'index'] as const;
/** One --market value. */
export type MarketFlag = (typeof MARKET_FLAG_VALUES)[number];

const VENUE_NAMES: Record<ReplayVenue, string> = {
  spot: 'Binance spot',
  usdm: 'Binance USD-M',
  coinm: 'Binance COIN-M',
  futures: 'Binance futures',
  unknown: 'Binance',
};

/** The people's name of a venue and price kind. */
export function marketLabel(venue: ReplayVenue, price: ReplayPriceKind): string {
  if (price !== 'trade') return `${VENUE_NAMES[venue === 'unknown' ? 'futures' : venue]} ${price} price`;
  if (venue === 'unknown') return 'Binance klines';
  return venue === 'spot' ? 'Binance spot' : `${VENUE_NAMES[venue]} futures`;
}

function market(venue: ReplayVenue, price: ReplayPriceKind, knownFrom: ReplayMarket['knownFrom']): ReplayMarket {
  return { venue, price, label: marketLabel(venue, price), knownFrom };
}

/** COIN-M contract symbols: BTCUSD_PERP, BTCUSD_240927. */
const COINM_SYMBOL = /^[A-Z0-9]+USD_(PERP|\d{6})$/;

/** The market one kline file holds, from its path (folders) and symbol; throws for premium index klines. */
export function marketOfFile(file: string, symbol: string): ReplayMarket {
  const parts = file.split(/[\\/]+/);
  if (parts.includes('premiumIndexKlines')) {
    throw new ReplayFileError(
      `${file}: premium index klines are a funding premium, not a price; replay klines, markPriceKlines or indexPriceKlines.`,
    );
  }
  const price: ReplayPriceKind = parts.includes('markPriceKlines')
    ? 'mark'
    : parts.includes('indexPriceKlines')
      ? 'index'
      : 'trade';
  const futuresAt = parts.lastIndexOf('futures');
  const margin = futuresAt >= 0 ? parts[futuresAt + 1] : undefined;
  if (margin === 'um') return market('usdm', price, 'folders');
  if (margin === 'cm') return market('coinm', price, 'folders');
  if (COINM_SYMBOL.test(symbol)) return market('coinm', price, 'symbol');
  if (parts.includes('spot') && price === 'trade') return market('spot', price, 'folders');
  if (futuresAt >= 0 && /^(um|cm|monthly|daily)$/.test(margin ?? '')) return market('futures', price, 'folders');
  return price === 'trade' ? market('unknown', price, 'unknown') : market('futures', price, 'folders');
}

/** The market of the --market flag. */
export function marketOfFlag(flag: MarketFlag): ReplayMarket {
  if (flag === 'mark' || flag === 'index') return market('futures', flag, 'flag');
  return market(flag, 'trade', 'flag');
}

/**
 * The one market of a replay, from its kline files' markets and the optional flag. Files of two known
 * markets cannot be replayed together (their prices differ); a file of unknown market makes the whole replay
 * "Binance klines" unless the flag says which. A flag that contradicts the folders is an error.
 */
export function replayMarket(
  files: ReadonlyArray<{ file: string; market: ReplayMarket }>,
  flag?: MarketFlag,
): ReplayMarket {
  const known = files.filter((f) => f.market.knownFrom !== 'unknown');
  const labels = [...new Set(known.map((f) => f.market.label))];
  if (labels.length > 1) {
    throw new ReplayFileError(
      `The replay files hold different markets (${labels.join(', ')}); replay one market at a time.`,
    );
  }
  if (flag !== undefined) {
    const wanted = marketOfFlag(flag);
    const clash = known.find((f) => !agrees(f.market, wanted));
    if (clash)
      throw new ReplayFileError(
        `--market ${flag} contradicts ${clash.file}, which the folders say holds ${clash.market.label}.`,
      );
    const fromFiles = known[0]?.market;
    return fromFiles && fromFiles.venue !== 'futures' && known.length === files.length
      ? { ...fromFiles, knownFrom: 'flag' }
      : wanted;
  }
  if (known.length === 0 || known.length < files.length) return market('unknown', 'trade', 'unknown');
  return known[0]!.market;
}

function agrees(files: ReplayMarket, flag: ReplayMarket): boolean {
  if (files.price !== flag.price) return false;
  if (flag.venue === 'futures') return files.venue !== 'spot';
  if (files.venue === 'futures') return flag.venue === 'usdm' || flag.venue === 'coinm';
  return files.venue === flag.venue;
}
