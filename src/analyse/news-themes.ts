// The market-moving themes a headline may carry, as word patterns, with how much each weighs when ranking
// headlines against a move. A headline with no theme is never offered as what was reported as the move began:
// a price report ("Bitcoin falls below $50,000") describes the move, it does not come before it.

/** A theme of market-moving news. */
export type NewsTheme =
  | 'tariffs'
  | 'central-bank'
  | 'economic-data'
  | 'etf-flows'
  | 'regulation'
  | 'hack-or-failure'
  | 'geopolitics'
  | 'markets'
  | 'liquidations';

/** Each theme's patterns (case-insensitive, whole words) and weight (0..1). */
export const NEWS_THEMES: Record<NewsTheme, { weight: number; patterns: RegExp[] }> = {
  tariffs: {
    weight: 1,
    patterns: [
      /\btariffs?\b/i,
      /\btrade (war|deal|talks)\b/i,
      /\bimport (duties|duty|levies)\b/i,
      /\bexport controls?\b/i,
    ],
  },
  'central-bank': {
    weight: 0.9,
    patterns: [
      /\bfed\b/i,
      /\bfederal reserve\b/i,
      /\bfomc\b/i,
      /\bpowell\b/i,
      /\bbank of japan\b/i,
      /\bboj\b/i,
      /\becb\b/i,
      /\bcentral bank\b/i,
      /\brate (hike|hikes|cut|cuts|decision)\b/i,
      /\binterest rates?\b/i,
    ],
  },
  'economic-data': {
    weight: 0.9,
    patterns: [
      /\bcpi\b/i,
      /\binflation\b/i,
      /\bpayrolls?\b/i,
      /\bjobs (report|data)\b/i,
      /\bunemployment\b/i,
      /\bpce\b/i,
      /\bgdp\b/i,
      /\brecession\b/i,
    ],
  },
  'etf-flows': { weight: 0.6, patterns: [/\betfs?\b/i, /\boutflows?\b/i, /\binflows?\b/i] },
  regulation: {
    weight: 0.7,
    patterns: [
      /\bsec\b/i,
      /\bregulat\w*/i,
      /\blawsuit\b/i,
      /\bsues?\b/i,
      /\bcrackdown\b/i,
      /\bbans?\b/i,
      /\bsanctions?\b/i,
    ],
  },
  'hack-or-failure': {
    weight: 1,
    patterns: [
      /\bhack(ed|ers?)?\b/i,
      /\bexploit(ed)?\b/i,
      /\bbreach\b/i,
      /\bstolen\b/i,
      /\bdrained\b/i,
      /\binsolven\w*/i,
      /\bbankrupt\w*/i,
      /\b(halts?|pauses?|suspends?) withdrawals\b/i,
      /\bcompromised\b/i,
    ],
  },
  geopolitics: {
    weight: 0.8,
    patterns: [/\bmissiles?\b/i, /\bairstrikes?\b/i, /\binvasion\b/i, /\bwar\b/i, /\bmilitary\b/i, /\battacks?\b/i],
  },
  markets: {
    weight: 0.7,
    patterns: [
      /\bnikkei\b/i,
      /\bnasdaq\b/i,
      /\bs&p 500\b/i,
      /\bdow\b/i,
      /\bstocks?\b/i,
      /\bequities\b/i,
      /\byen\b/i,
      /\btreasur(y|ies)\b/i,
      /\bbond yields?\b/i,
      /\brisk-off\b/i,
      /\bcarry trade\b/i,
    ],
  },
  liquidations: { weight: 0.3, patterns: [/\bliquidat\w*/i] },
};

/** The coins' names as headlines write them, by ticker. */
const COIN_NAMES: Record<string, string[]> = {
  BTC: ['bitcoin', 'btc'],
  ETH: ['ether', 'ethereum', 'eth'],
  SOL: ['solana', 'sol'],
  XRP: ['xrp', 'ripple'],
  BNB: ['bnb', 'binance coin'],
  DOGE: ['dogecoin', 'doge'],
};

/** The themes a title carries, strongest first. */
export function themesOf(title: string): NewsTheme[] {
  return (Object.entries(NEWS_THEMES) as Array<[NewsTheme, (typeof NEWS_THEMES)[NewsTheme]]>)
    .filter(([, t]) => t.patterns.some((p) => p.test(title)))
    .sort((a, b) => b[1].weight - a[1].weight)
    .map(([name]) => name);
}

/** Whether a title names the coin (by ticker or name) or crypto as a whole. */
export function mentionsCoin(title: string, coin: string): boolean {
  const names = [coin.toLowerCase(), ...(COIN_NAMES[coin.toUpperCase()] ?? [])];
  const words = title.toLowerCase();
  return (
    names.some((n) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(n)}([^\\p{L}\\p{N}]|$)`, 'u').test(words)) ||
    /\bcrypto(currenc(y|ies))?\b/i.test(title)
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
