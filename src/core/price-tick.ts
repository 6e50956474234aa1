// One observed price: what the live ticker stream, the REST poll and a replay all produce, and what the drop
// rules read.

/** One observed price, with where and when it came from. */
export interface PriceTick {
  /** Upper-case coin, e.g. BTC. */
  coin: string;
  price: number;
  /** Epoch ms the price describes (the exchange's time). */
  at: number;
  /** Where it came from, e.g. "Binance USD-M watchTickers". */
  source: string;
  /** The price 24 h before `at`, when the ticker carries it (a 24h ticker's open). */
  open24h?: number;
}
