// The MarketSnapshot: plain, timestamped market data with the source of every part.
// This is the contract between gather (which fills it) and analyse (which reads it).
// A part that could not be fetched is present as `{ ok: false, reason }`, never as zeros.

/** Where a part of the snapshot came from: e.g. "binanceusdm fetchTickers". */
export type SourceName = string;

/** A part of the snapshot that was fetched, with its source and the time the data describes. */
export interface Fetched<T> {
  ok: true;
  value: T;
  /** Human-readable source, e.g. "Binance USD-M fetchTickers". */
  source: SourceName;
  /** Epoch ms of the data itself (the newest point), not of the request. */
  asOf: number;
  /** For candle series: the span the candles really cover and the gaps inside it (see CandleCoverage). */
  coverage?: CandleCoverage | undefined;
}

/**
 * What a candle series covers: its candle length, the first candle's open time, the last candle's close time,
 * and every stretch inside with no candle. A window figure over these candles spans at most `to - from`, less
 * the gaps; analysis states that span (or leaves the figure out) when it is shorter than the window's name.
 */
export interface CandleCoverage {
  intervalMs: number;
  /** Open time of the first candle, epoch ms. */
  from: number;
  /** Close time of the last candle, epoch ms. */
  to: number;
  /** Stretches without candles between `from` and `to` (from = the close before, to = the next open), oldest first. */
  gaps: Array<{ from: number; to: number }>;
}

/** A part of the snapshot that is missing, with the reason (shown in /status, logged). */
export interface Missing {
  ok: false;
  source: SourceName;
  reason: string;
}

/** Either the data with its provenance, or why it is absent. */
export type Part<T> = Fetched<T> | Missing;

/** One coin's 24h ticker. `changePct` is a percentage (e.g. -4.4 for -4.4%). */
export interface Ticker {
  coin: string;
  /** Unified ccxt symbol, e.g. "BTC/USDT:USDT". */
  symbol: string;
  price: number;
  /** 24h change in percent; undefined when the exchange did not report it (or, in replays, when the data holds no price 24 h before). */
  changePct?: number | undefined;
  /**
   * Epoch ms of the price the change is measured from (the exchange's rolling-window open time), when the
   * exchange says; the change then spans `at - changeFrom` (24 h on Binance and in replays).
   */
  changeFrom?: number | undefined;
  /** Epoch ms the ticker describes: the time of its price (in replays, the close of the candle it comes from). */
  at: number;
}

/** One OHLCV candle; `t` is the open time in epoch ms. */
export interface Candle {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** Open interest at one time, in USD (notional) and in coins where the exchange gives it. */
export interface OpenInterestPoint {
  t: number;
  usd: number;
  coins?: number | undefined;
}

/** The current funding rate of one perpetual market. `rate` is a fraction per interval (0.0001 = 0.01%). */
export interface FundingRate {
  coin: string;
  symbol: string;
  rate: number;
  /** Funding interval in hours, when known. */
  intervalHours?: number | undefined;
  at: number;
}

/**
 * The optional parts of a snapshot, each filled by one registered source (src/gather/sources.ts): part name ->
 * the value its source fetches. A part is absent when its source is off (or has nothing for a replay), and
 * Missing with a reason when the source failed, timed out or answered with stale data.
 */
export interface SourceParts {
  /** Liquidations collected by whybot (see src/store); absent when no collector or store is configured, and in replays. */
  liquidations: LiquidationSummary;
  /** Market sentiment index (e.g. Fear & Greed); absent when WHYBOT_SENTIMENT is off. */
  sentiment: SentimentReading;
  /** Large holders' positions from an operator-maintained file; absent when none is configured. */
  holders: HolderPosition[];
  /** Headlines from publishers' feeds (stories merged across outlets) over the last two days; absent when news is off. */
  news: import('../core/news.ts').NewsStory[];
  /** Open interest and funding across venues as whybot recorded them, with the long-term daily rollups. */
  marketLeverage: MarketLeverageHistory;
  /** Scheduled economic events around the build's moment (src/gather/calendar.ts); absent when WHYBOT_CALENDAR is off. */
  calendar: CalendarPart;
  /** Markets beyond crypto (stock index futures, the dollar, gold, oil) as hourly candles; absent when off. */
  markets: MarketsPart;
  /** US spot bitcoin and ether ETF daily net flows from the operator's file; absent when WHYBOT_FLOWS_FILE is unset. */
  flows: FlowsPart;
  /** Spot candles of the tracked coins beside the perpetual's (src/gather/spot.ts); absent when off. */
  spotCandles: SpotCandlesPart;
}

/** Spot candles per coin over the last day, each coin its own part (one coin's failure leaves the others). */
export type SpotCandlesPart = Record<string, Part<Candle[]>>;

/** Open interest and funding records summed over one set of venues (left out where one of them is missing). */
export interface LeverageRecords {
  /** ccxt ids of the venues summed. */
  venues: string[];
  /** Sampling rounds over the last 25 hours with every venue present, oldest first. */
  rounds: Array<{
    at: number;
    oiUsd: number;
    /** Open-interest-weighted funding, as a fraction per 8 hours; absent when no market had a rate. */
    funding?: number | undefined;
  }>;
  /** UTC days on record (day = 00:00 UTC in epoch ms), oldest first; a figure is absent where its data is. */
  days: Array<{
    day: number;
    /** Open interest at the day's close, over `venues` (all present; recorded, else backfilled). */
    oiClose?: number | undefined;
    /** Open-interest-weighted funding over the day, a fraction per 8 hours. */
    funding?: number | undefined;
    /** Liquidated USD over every venue that reported that day (longs and shorts). */
    liqUsd?: number | undefined;
  }>;
}

/**
 * Open interest and funding summed over the venues that publish them, as whybot's collector recorded them every
 * few minutes (and backfilled from venues' history endpoints), and the long-term daily rollups (see
 * src/store/market-history). Every total is over `venues` (the venues of the newest round) and is left out where
 * one of them is missing, so totals compare like with like.
 */
export interface MarketLeverageHistory extends LeverageRecords {
  /** The tracked coins whose perpetuals are summed. */
  coins: string[];
  /**
   * Present when the records of all `venues` are too short to rank on (MIN_RANK_DAYS): the same records over the
   * widest subset of them whose own records are long enough, holding `share` (a fraction) of the newest round's open
   * interest, for comparisons with history only (DESIGN 4f).
   */
  standIn?: (LeverageRecords & { share: number }) | undefined;
}

/** The name of an optional snapshot part ("sentiment", "holders", ...). */
export type SnapshotPartName = keyof SourceParts;

/** The optional parts as a snapshot carries them: each a Part of its source's value, or absent. */
export type SnapshotParts = { [K in SnapshotPartName]?: Part<SourceParts[K]> | undefined };

/** Everything whybot knows about the market at one moment: the exchange's parts, plus the registered sources' parts. */
export interface MarketSnapshot extends SnapshotParts {
  /** Epoch ms at which the snapshot was built (the clock's now; the replay time in replays). */
  builtAt: number;
  /** ccxt id of the exchange the market data came from, e.g. "binanceusdm"; "replay" for recorded files. */
  exchange: string;
  /** Human name of that exchange, e.g. "Binance USD-M". */
  exchangeName: string;
  /** Present when the data is a replay of recorded history rather than live. */
  replay?: ReplayInfo | undefined;
  /** The tracked coins, in configured order (e.g. ["BTC","ETH","BNB","SOL","XRP"]). */
  coins: string[];
  /** Latest ticker per coin; coins the exchange did not return are absent from the record. */
  tickers: Part<Record<string, Ticker>>;
  /** Hourly candles per coin, oldest first, closed candles only (about 30 days); each part's `coverage` says the real span and gaps. */
  hourly: Record<string, Part<Candle[]>>;
  /**
   * Candles finer than an hour per coin (the interval is in each part's `coverage.intervalMs`), oldest first,
   * closed only: the wick and the hour still open, to the minute. Live: the last 4 hours of one-minute candles;
   * replays given 1m/5m files: the last 24 hours of them; absent in replays of hourly files only.
   */
  fine?: Record<string, Part<Candle[]>> | undefined;
  /** Daily candles per coin, oldest first, closed candles only (up to about 1000 days). */
  daily: Record<string, Part<Candle[]>>;
  /** Hourly open interest per coin, oldest first (up to 30 days; Binance keeps no more). */
  openInterest: Record<string, Part<OpenInterestPoint[]>>;
  /** Current funding rate per coin. */
  funding: Part<Record<string, FundingRate>>;
  /** How many perpetual markets are down on the day, and non-crypto references (tokenized gold); absent until gathered. */
  breadth?: Part<MarketBreadth> | undefined;
}

/** Market breadth from one fetchTickers over the exchange's linear perpetuals, plus reference assets it lists. */
export interface MarketBreadth {
  /** Perpetual markets with a fresh 24h change (reference assets excluded). */
  markets: number;
  /** Of those, how many are down (change below 0) and up (above 0) on the day. */
  down: number;
  up: number;
  /** Share of `markets` that is down, in percent (62 = 62%). */
  downSharePct: number;
  /** Median 24h change of those markets, in percent. */
  medianChangePct: number;
  /** Non-crypto references the exchange lists (e.g. PAXG tokenized gold), by base symbol; absent ones are left out. */
  references: Record<string, ReferenceTicker>;
}

/** A non-crypto reference market's price and 24h change, e.g. tokenized gold. */
export interface ReferenceTicker {
  /** Base symbol, e.g. "PAXG". */
  base: string;
  /** What it stands for, for people: "tokenized gold (PAXG)". */
  label: string;
  symbol: string;
  price: number;
  changePct: number;
  at: number;
}

/** One reading of a sentiment index such as alternative.me's Fear & Greed (0 = extreme fear, 100 = extreme greed). */
export interface SentimentReading {
  /** Index name for people, e.g. "Fear & Greed". */
  name: string;
  value: number;
  /** The index's own classification, e.g. "Extreme Fear". */
  classification: string;
  at: number;
}

/** A large holder's position, as maintained by the operator (amount and cost basis as of a date). */
export interface HolderPosition {
  /** Holder name, e.g. "Strategy". */
  name: string;
  coin: string;
  amount: number;
  /** Average cost per coin in USD. */
  costBasis: number;
  /** Epoch ms the amount and cost basis were last known. */
  asOf: number;
}

/** What a replay is made of: the files and the moment it replays. */
export interface ReplayInfo {
  files: string[];
  /** Epoch ms of the replayed moment (any moment inside the data, not only a candle close). */
  at: number;
  /** Which market the kline files hold; absent in replays made before this was known (read as "Binance klines"). */
  market?: ReplayMarket | undefined;
  /** The span the kline files cover: the first candle's open and the last candle's close, epoch ms. */
  coverage?: { from: number; to: number } | undefined;
  /** The shortest kline interval among the files, ms (60000 when 1m files were given). */
  finestIntervalMs?: number | undefined;
}

/** The market a replay's klines come from (see src/simulator/replay-market.ts for how it is told). */
export interface ReplayMarket {
  /** spot, USD-M or COIN-M futures, futures of unknown margin, or unknown. */
  venue: 'spot' | 'usdm' | 'coinm' | 'futures' | 'unknown';
  /** Traded prices, or the futures mark or index price (their klines have volume 0). */
  price: 'trade' | 'mark' | 'index';
  /** For people and source lines: "Binance spot", "Binance USD-M futures", "Binance USD-M mark price", "Binance klines". */
  label: string;
  /** How the market was known: the folder names, the symbol's form (BTCUSD_PERP), the --market flag, or not at all. */
  knownFrom: 'folders' | 'symbol' | 'flag' | 'unknown';
}

/** A window over which liquidations are summed. */
export type LiquidationWindowName = '1h' | '4h' | '24h' | '7d' | '30d';

/** Liquidated USD split by which side was forced out (a long, or a short). */
export interface LiquidationSides {
  longsUsd: number;
  shortsUsd: number;
  count: number;
}

/** The single largest liquidation of a window. */
export interface LargestLiquidation {
  exchange: string;
  symbol: string;
  coin: string;
  side: 'long' | 'short';
  usd: number;
  at: number;
}

/**
 * Liquidations collected by whybot itself over one window. All totals are lower bounds:
 * the exchanges' public streams undercount, and only the covered share of the window was collected.
 */
export interface LiquidationWindow extends LiquidationSides {
  window: LiquidationWindowName;
  /** Window start and end, epoch ms. */
  from: number;
  to: number;
  totalUsd: number;
  byCoin: Record<string, LiquidationSides>;
  byExchange: Record<string, LiquidationSides>;
  largest?: LargestLiquidation | undefined;
  coverage: {
    /** Exchanges whose stream was connected for some of the window. */
    exchanges: string[];
    /** Share (0..1) of the window during which at least one stream was connected. */
    collectedShare: number;
    /** Epoch ms of the first collected data ever (for "collected for 3 days so far"). */
    collectingSince?: number | undefined;
  };
}

/** What the liquidation store knows, as carried by the snapshot. */
export interface LiquidationSummary {
  windows: Partial<Record<LiquidationWindowName, LiquidationWindow>>;
  /**
   * Daily totals (UTC days, oldest first) over the last 30 days, for a baseline. `day` is 00:00 UTC in
   * epoch ms; days no collector covered are absent; `collectedShare` (0..1) is how much of the day was collected.
   */
  daily: Array<{ day: number; collectedShare?: number } & LiquidationSides>;
  /**
   * Per tracked coin, totals per UTC hour over the last 30 days, oldest first (the bars under a price chart).
   * Hours no collector covered are absent; a covered hour with nothing liquidated is there with zeros.
   */
  hourly?: Record<string, LiquidationHour[]> | undefined;
}

/** Liquidated USD of one coin in the hour starting at `t` (epoch ms), by side forced out. Lower bounds. */
export interface LiquidationHour {
  t: number;
  longsUsd: number;
  shortsUsd: number;
}

/** A kind of scheduled event (names for people live in narrate). */
export type CalendarKind =
  | 'fomc-decision'
  | 'fomc-minutes'
  | 'us-cpi'
  | 'us-payrolls'
  | 'us-pce'
  | 'boj-decision'
  | 'options-expiry'
  | 'options-expiry-quarterly'
  | 'cme-reopen';

/** One scheduled event. */
export interface CalendarEvent {
  /** Stable key: kind and local date, e.g. "fomc-decision:2024-07-31". */
  id: string;
  kind: CalendarKind;
  /** Epoch ms of the event (for `approximate` events, the earliest it is expected). */
  at: number;
  /** The time is not fixed in advance (the Bank of Japan announces when its meeting ends). */
  approximate?: boolean | undefined;
  /** The schedule it was taken from (an http(s) URL). */
  source: string;
}

/** The calendar around one moment: every event from a week before to two days after, oldest first. */
export interface CalendarPart {
  events: CalendarEvent[];
  /** The span the events were looked up over, epoch ms. */
  from: number;
  to: number;
  /** Listed kinds whose dates end before `to`: kind -> the last listed event (the calendar has run out for them). */
  runOut: Partial<Record<CalendarKind, number>>;
}

/** A market beyond crypto whybot follows (names for people live in narrate). */
export type MarketId =
  | 'nasdaq100-futures'
  | 'sp500-futures'
  | 'dollar-index'
  | 'usdjpy'
  | 'gold-futures'
  | 'wti-futures';

/** One market's hourly candles (open times, oldest first, closed candles only; none when it has not traded lately). */
export interface MarketSeries {
  id: MarketId;
  candles: Candle[];
  /** Its request failed (the other markets may still be there): not the same as closed. */
  failed?: boolean | undefined;
}

/** Markets beyond crypto over the last few days. */
export interface MarketsPart {
  markets: MarketSeries[];
  /** Why some markets are missing ("GC=F: HTTP 500"). */
  failures: string[];
}

/** One US trading day's net flow into one kind of spot ETF. */
export interface EtfFlowDay {
  /** 00:00 UTC of the US trading day, epoch ms. */
  day: number;
  product: 'us-spot-btc-etf' | 'us-spot-eth-etf';
  /** Net flow in USD (negative: money left). */
  netUsd: number;
  /** Where the operator took the figure from (a name or URL). */
  source: string;
}

/** ETF flows known at the build's moment, oldest first. */
export interface FlowsPart {
  days: EtfFlowDay[];
}
