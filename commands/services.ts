// What commands may ask of the running bot. Commands (in commands/) receive this and return neutral replies;
// they never talk to ccxt or a chat platform. src/app/create-services.ts builds the real implementation.
import type { ReplyFile } from '../src/core/reply.ts';
import type { Facts } from '../src/analyse/facts.ts';
import type { ChartRequest } from '../src/chart/reply-chart.ts';
import type { MarketSnapshot } from '../src/gather/types.ts';
import type { ArticleDocument } from '../src/core/document.ts';
import type { AlertSettings, DigestSettings } from '../src/store/schedules/types.ts';
import type { ChatSettingsStore } from '../src/store/chat-settings/chat-settings-store.ts';
import type { LanguageCatalog } from '../src/narrate/language-catalog.ts';

/** Which article to write. `coin` undefined means the whole tracked market. */
export interface ExplainRequest {
  coin?: string;
  form: 'short' | 'full';
  /** A past moment (epoch ms) to explain from exchange history; absent: now. */
  at?: number;
  /** The language to write in (a code of templates/languages.yaml); absent: English. */
  language?: string;
}

/** A written article together with the snapshot it was written from. */
export interface Explanation {
  document: ArticleDocument;
  snapshot: MarketSnapshot;
  /** The analysis the article was written from (its levels become the chart's lines); absent in simple test doubles. */
  facts?: Facts;
}

/** One exchange's liquidation collector running in this process, as /status shows it. */
export interface CollectorHealth {
  /** ccxt id of the exchange. */
  exchange: string;
  /** Whether its stream is connected now. */
  connected: boolean;
  /** Epoch ms of the first failed attempt of the current outage, when connecting fails. */
  failingSince?: number;
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
  /** The liquidation collectors running in this process (for /status); absent when they run elsewhere or not at all. */
  collectors?(): CollectorHealth[];
  /** Daily digest schedules (/digest); absent where no database is open. */
  schedules?: DigestSettings;
  /** Drop-alert subscriptions (/alerts); absent where no database is open. */
  alerts?: AlertSettings;
  /** The languages whybot writes in. */
  languages: LanguageCatalog;
  /** Per-chat settings (language, time zone); absent where no database is open. */
  chatSettings?: ChatSettingsStore;
}
