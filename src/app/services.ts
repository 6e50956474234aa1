// What commands may ask of the running bot. Commands (in commands/) receive this and return neutral replies;
// they never talk to ccxt or a chat platform. src/app/create-services.ts builds the real implementation.
import type { MarketSnapshot } from '../gather/types.ts';
import type { ArticleDocument } from '../narrate/document.ts';

/** Which article to write. `coin` undefined means the whole tracked market. */
export interface ExplainRequest {
  coin?: string;
  form: 'short' | 'full';
}

/** A written article together with the snapshot it was written from. */
export interface Explanation {
  document: ArticleDocument;
  snapshot: MarketSnapshot;
}

/** The services every command can use. */
export interface WhyServices {
  /** Coins whybot tracks, upper case, in configured order. */
  trackedCoins(): string[];
  /** The current (cached, single-flight) market snapshot. */
  snapshot(): Promise<MarketSnapshot>;
  /** Write the article for a request. Throws UnknownCoinError for a coin that is not tracked. */
  explain(request: ExplainRequest): Promise<Explanation>;
  /** Epoch ms the process started (for /status uptime). */
  readonly startedAt: number;
  /** The clock whybot runs on (the replay time in replays). */
  now(): number;
}
