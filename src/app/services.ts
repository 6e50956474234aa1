// What commands may ask of the running bot. Commands (in commands/) receive this and return neutral replies;
// they never talk to ccxt or a chat platform. src/app/create-services.ts builds the real implementation.
import type { ReplyFile } from '../../commands/types.ts';
import type { Facts } from '../analyse/facts.ts';
import type { MarketSnapshot } from '../gather/types.ts';
import type { ArticleDocument } from '../narrate/document.ts';
import type { AlertSettings, DigestSettings } from '../store/schedules/types.ts';

/** Which article to write. `coin` undefined means the whole tracked market. */
export interface ExplainRequest {
  coin?: string;
  form: 'short' | 'full';
}

/** A written article together with the snapshot it was written from. */
export interface Explanation {
  document: ArticleDocument;
  snapshot: MarketSnapshot;
  /** The analysis the article was written from (its levels become the chart's lines); absent in simple test doubles. */
  facts?: Facts;
}

/** Which chart to draw: a coin's candles from a snapshot, with the levels an article names. */
export interface ChartRequest {
  /** The snapshot the reply's text was written from, so text and image agree (and the chart is cached per snapshot). */
  snapshot: MarketSnapshot;
  /** The coin to draw, upper case (for an article, the coin it leads with: `facts.focus.coin`). */
  coin: string;
  /** Days of candles (see CHART_DAYS in commands/chart.ts). */
  days: number;
  /** The article shown with the chart: the levels it names, and only those, are drawn as lines. */
  article?: Pick<Explanation, 'document' | 'facts'>;
}

/** The services every command can use. */
export interface WhyServices {
  /** Coins whybot tracks, upper case, in configured order. */
  trackedCoins(): string[];
  /** The current (cached, single-flight) market snapshot. */
  snapshot(): Promise<MarketSnapshot>;
  /** Epoch ms at which the cached snapshot expires (undefined when none is cached); absent where unknown. */
  snapshotExpiresAt?(): number | undefined;
  /** How long a snapshot is reused, seconds (Telegram inline results are cached as long); absent where unknown. */
  readonly snapshotTtlSeconds?: number;
  /** Write the article for a request. Throws UnknownCoinError for a coin that is not tracked. */
  explain(request: ExplainRequest): Promise<Explanation>;
  /**
   * The price chart as a PNG attachment, rendered once per snapshot and cached; undefined when there is
   * nothing to draw or drawing failed (logged). Never throws. Absent where charts are not drawn.
   */
  chart?(request: ChartRequest): Promise<ReplyFile | undefined>;
  /** Epoch ms the process started (for /status uptime). */
  readonly startedAt: number;
  /** The clock whybot runs on (the replay time in replays). */
  now(): number;
  /** Daily digest schedules (/digest); absent where no database is open. */
  schedules?: DigestSettings;
  /** Drop-alert subscriptions (/alerts); absent where no database is open. */
  alerts?: AlertSettings;
}
