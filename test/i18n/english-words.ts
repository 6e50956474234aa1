// The word-list check for translated articles: the English vocabulary is every word of three letters or more in
// the English templates and messages (the words whybot itself writes); a translated article may not use one,
// except names, tickers and the few market terms other languages borrow as they are (WORDS_SHARED).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Words that are names, tickers or units in every language. */
const NAMES = `bitcoin ether ethereum solana xrp bnb dogecoin cardano tron avalanche chainlink polkadot toncoin
litecoin sui binance bybit okx gate hyperliquid bitmex bitget deribit strategy fear greed utc usd usdt paxg xaut
btc eth sol doge ada trx avax link dot ton ltc bch pepe cme fomc cpi pce etf etfs wti nasdaq cnbc marketwatch
reuters coindesk cointelegraph decrypt block federal reserve tokyo london new york whybot`.split(/\s+/);

/**
 * Words other languages share with English or borrow as market terms, checked for each language by reading its
 * articles: "long"/"short" positions and "funding" in Turkish and Vietnamese crypto press, Spanish and Turkish
 * words spelt like English ones ("total", "normal", "general", "final", "beta", "control"; Turkish "alt", below), and
 * "perpetual", which the Turkish crypto press uses for perpetual futures.
 */
const WORDS_SHARED = `long longs short shorts funding rate altcoin altcoins trader traders normal total general final
index data crypto beta alt perpetual control`.split(/\s+/);

/** The English vocabulary of the templates in `root/en` (lower case). */
export function englishVocabulary(root: string): Set<string> {
  const dir = join(root, 'en');
  let text = '';
  for (const f of readdirSync(dir)) {
    const s = readFileSync(join(dir, f), 'utf8');
    if (f.endsWith('.liquid'))
      text += s.replace(/\{%-?\s*comment[\s\S]*?endcomment\s*-?%\}|\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, ' ');
    else if (f === 'messages.yaml')
      text += Object.values((parse(s) as { messages: Record<string, string> }).messages)
        .join(' ')
        .replace(/\b(plural|select|selectordinal|one|two|few|many|other)\b/g, ' ');
  }
  const words = new Set((text.match(/[A-Za-z]{3,}/g) ?? []).map((w) => w.toLowerCase()));
  for (const w of [...NAMES, ...WORDS_SHARED]) words.delete(w);
  return words;
}

/** The English words of `text`, leaving out the data sources the footer names (they are identifiers). */
export function englishWordsIn(text: string, vocabulary: Set<string>, sources: readonly string[] = []): string[] {
  let prose = text;
  for (const s of sources) prose = prose.split(s).join(' ');
  const found = (prose.match(/(?<![\p{L}\p{M}])[A-Za-z]{3,}(?![\p{L}\p{M}])/gu) ?? []).filter((w) =>
    vocabulary.has(w.toLowerCase()),
  );
  return [...new Set(found)];
}
