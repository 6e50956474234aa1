// A coin's price and 24h change: from a fresh ticker, or else computed from its fresh hourly candles.
import type { Candle, Ticker } from '../gather/types.ts';
import { fact, type Fact } from './fact.ts';
import { isFresh, isNum, isPrice } from './fresh.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Where a coin's price and change can come from. */
export interface CoinMoveInputs {
  coin: string;
  ticker?: Ticker | undefined;
  tickerSource: string;
  /** Closed, valid, fresh hourly candles (may be empty). */
  hourly: Candle[];
  hourlySource: string;
  now: number;
  tickerMaxAgeMs: number;
}

/** The coin's price and 24h change facts; either may be absent. */
export function coinMove(inp: CoinMoveInputs): { price?: Fact | undefined; change24h?: Fact | undefined } {
  const { coin, ticker, now } = inp;
  const tickerOk = ticker && isFresh(ticker.at, now, inp.tickerMaxAgeMs) && isPrice(ticker.price);
  let price: Fact | undefined;
  let change24h: Fact | undefined;
  if (tickerOk) {
    price = fact(`${coin}.price`, `${coin} price`, ticker.price, 'price', inp.tickerSource, ticker.at);
    if (isNum(ticker.changePct) && ticker.changePct > -100 && ticker.changePct < 100_000) {
      change24h = fact(`${coin}.change24h`, `${coin} 24h change`, ticker.changePct, 'pct', inp.tickerSource, ticker.at);
    }
  }
  const last = inp.hourly[inp.hourly.length - 1];
  if (last) {
    const closeTime = last.t + HOUR;
    const source = `computed from ${inp.hourlySource}`;
    if (!price) price = fact(`${coin}.price`, `${coin} price`, last.c, 'price', inp.hourlySource, closeTime);
    if (!change24h && price) {
      const start = inp.hourly.find((c) => c.t === closeTime - DAY);
      if (start) {
        const pct = (price.value / start.o - 1) * 100;
        change24h = fact(
          `${coin}.change24h`,
          `${coin} 24h change`,
          pct,
          'pct',
          source,
          Math.min(price.asOf, closeTime),
        );
      }
    }
  }
  return { price, change24h };
}
