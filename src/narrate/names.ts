// Names for people: coin names (BTC -> Bitcoin), exchange names (bybit -> Bybit), and list joining.

const COINS: Record<string, string> = {
  BTC: 'Bitcoin',
  ETH: 'Ether',
  BNB: 'BNB',
  SOL: 'Solana',
  XRP: 'XRP',
  DOGE: 'Dogecoin',
  ADA: 'Cardano',
  TRX: 'Tron',
  AVAX: 'Avalanche',
  LINK: 'Chainlink',
  DOT: 'Polkadot',
  TON: 'Toncoin',
  LTC: 'Litecoin',
  BCH: 'Bitcoin Cash',
  SUI: 'Sui',
};

/** The usual name of a coin, or its ticker when it has no better-known name. */
export function coinName(coin: string): string {
  return COINS[coin] ?? coin;
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
