// The Facts: everything the analysis found in one snapshot, as numbers with provenance plus a few labels.
// This is the contract between analyse (which fills it) and narrate (which writes it up). Absent = not stated.
import type { Fact } from './fact.ts';
import type { HistoryFacts } from './history.ts';
import type { PeriodFacts } from './periods.ts';

/** How the market (or one coin) moved over 24h. `unknown` when no fresh price change exists. */
export type Regime = 'crash' | 'selloff' | 'dip' | 'flat' | 'rise' | 'rally' | 'unknown';

/** Which way the headline move went. */
export type MoveDirection = 'down' | 'flat' | 'up';

/** The article is about the whole tracked market, or one coin. */
export type Scope = { kind: 'market' } | { kind: 'coin'; coin: string };

/** One coin's price and move, and how it moved against the benchmark coin (BTC). */
export interface CoinFacts {
  coin: string;
  price?: Fact | undefined;
  change24h?: Fact | undefined;
  /** Its 24h change divided by the benchmark's (same sign only), e.g. 3.0 = "3.0x BTC's move". */
  ratioToBenchmark?: Fact | undefined;
  /** Regression beta of its hourly returns on the benchmark's (about 30 days). */
  beta?: Fact | undefined;
  /** Correlation of its hourly returns with the benchmark's (about 30 days). */
  correlation?: Fact | undefined;
  /** It moved clearly more than the benchmark, in the direction of the market. */
  movedMore: boolean;
}

/** The alts against the benchmark in a market article. */
export interface AltFacts {
  /** The tracked coin that went furthest the day's way (the worst hit on a fall, the strongest on a rise). */
  leader: { coin: string; change: Fact; ratio?: Fact | undefined };
  /** ETH against the benchmark (BTC) over 24h: the change of the ETH/BTC price, in percent. */
  ethVsBench?: Fact | undefined;
  /** The median of the alts' 24h moves relative to the benchmark's (when most alts moved the same way). */
  medianMultiple?: Fact | undefined;
  /** The alts moved at least twice as far as the benchmark: the story of the day. */
  story: boolean;
}

/** One coin's liquidations over the past day, when they stand out in a market article. */
export interface CoinLiquidation {
  coin: string;
  usd: Fact;
  /** Its share (percent) of the day's total. */
  share: Fact;
}

/** The basket whose change is "the market". */
export interface BasketFacts {
  change24h: Fact;
  /** Coins that had a fresh change, in configured order. */
  coins: string[];
  /** Weights used (normalised to sum to 1 over `coins`). */
  weights: Record<string, number>;
  equalWeights: boolean;
  /** Tracked coins left out (no fresh change). */
  missing: string[];
}

/** What makes a level. */
export type LevelKind = 'swing' | 'daily-swing' | 'session' | 'prior-day' | 'prior-week' | 'volume' | 'round';

/** A support or resistance level. */
export interface Level {
  price: Fact;
  /** 0..1. */
  strength: number;
  grade: 'strong' | 'moderate' | 'weak';
  kinds: LevelKind[];
  /** How many pivots the level is made of. */
  touches: number;
  /** For the level broken: whether the daily closes before the day held it, or when it was last lost. */
  history?: LevelHistory | undefined;
}

/** Whether a level held on every daily close over a span of data, or the date of its last close on the far side. */
export type LevelHistory = { held: true; days: Fact } | { held: false; lastCrossed: Fact };

/** Support and resistance around the focus price. */
export interface LevelFacts {
  /** Below the price, nearest first (two or three when the data allows). */
  supports: Level[];
  /** The nearest meaningful level above the price. */
  resistance?: Level | undefined;
  /** The strongest level crossed during the 24h move (below on a fall, above on a rise). */
  broken?: Level | undefined;
}

/**
 * "Lowest since <date>" or "highest in the N days of data available", measured on intraday prices: the 24-hour
 * low (high) against every earlier candle's low (high), from the finest candles available.
 */
export interface ExtremeFacts {
  kind: 'lowest' | 'highest';
  /** The intraday low (high) of the past 24 hours that is being measured. */
  price: Fact;
  /** The last date the price was this low (or high); absent when the data does not go back that far. */
  since?: Fact | undefined;
  /** How many days of daily data there are; set when `since` is absent. */
  dataDays?: Fact | undefined;
}

/** Open interest of the coins in scope. */
export interface OpenInterestFacts {
  coins: string[];
  now: Fact;
  change24hPct?: Fact | undefined;
  change24hUsd?: Fact | undefined;
  /** Change over the longest span available, up to about 30 days. */
  changeLongPct?: Fact | undefined;
  changeLongUsd?: Fact | undefined;
  /**
   * Change over the same long span but ending 24 hours ago (from that window's own points): whether the long move
   * was under way before the past day.
   */
  changeBeforeDayPct?: Fact | undefined;
  /** Days that span covers (a `days` fact; about 30 when the full month is there). */
  longSpanDays?: Fact | undefined;
  /** True when the long span covers (nearly) a month. */
  fullMonth: boolean;
}

/** How a figure of the day stands among the days on record. */
export interface HistoryRank {
  /** 1 = the most extreme day on record. */
  rank: Fact;
  /** Days compared, today included. */
  days: Fact;
  /** The last earlier day as extreme or more (absent for a record). */
  since?: Fact | undefined;
  record: boolean;
}

/** Open interest and funding across venues from whybot's records, and the day ranked against them. */
export interface MarketLeverageFacts {
  /** ccxt ids of the venues summed. */
  venues: string[];
  coins: string[];
  oiNow: Fact;
  oiChange24h?: Fact | undefined;
  /** The highest open interest on record, when above today's: its day and today's distance from it (percent). */
  peak?: { at: Fact; fromPeak: Fact } | undefined;
  /** Open-interest-weighted funding, percent per 8 hours. */
  fundingNow?: Fact | undefined;
  /** How long whybot's record is (days). */
  recordDays: Fact;
  /**
   * When all venues' records are too short to rank on: the subset of them the peak and ranks are computed on, its
   * share of today's open interest (percent) and its record's length; its own 24h change and funding beside the
   * rank that uses them.
   */
  standIn?:
    | { venues: string[]; share: Fact; recordDays: Fact; oiChange24h?: Fact | undefined; fundingNow?: Fact | undefined }
    | undefined;
  /** Set only with at least 30 days of records (funding too: "lowest since"). */
  ranks: {
    liquidations?: HistoryRank | undefined;
    oiDrop?: HistoryRank | undefined;
    funding?: HistoryRank | undefined;
  };
}

/** Funding rates of the coins in scope. */
export interface FundingFacts {
  /** Mean rate in percent per 8 hours. */
  mean: Fact;
  negativeCount: Fact;
  marketCount: Fact;
  negativeCoins: string[];
  perCoin: Record<string, Fact>;
}

/** Liquidated USD of one window, split by side. All lower bounds. */
export interface LiquidationAmounts {
  total?: Fact | undefined;
  longs?: Fact | undefined;
  shorts?: Fact | undefined;
}

/** Liquidations collected by whybot, with how significant today is against the baseline. */
export interface LiquidationFacts {
  /** All tracked coins (market) or the coin (per-coin), over 24h. */
  day: LiquidationAmounts;
  /** The side the data shows more of over 24h (longs on a tie), never inferred from the price move. */
  side: 'long' | 'short';
  /** Liquidations counted over 24h (events, not orders' fills). */
  count?: Fact | undefined;
  /** 24h totals per venue (market scope), largest first; venues with nothing liquidated are left out. */
  byExchange: Array<{ exchange: string; usd: Fact }>;
  /** That side, for the focus coin (market) or the coin, over 24h / 7d / 30d. */
  focusCoin: string;
  focusDay?: Fact | undefined;
  focusWeek?: Fact | undefined;
  focusMonth?: Fact | undefined;
  /** Share (percent) of the day's total on that side. */
  sideShare?: Fact | undefined;
  /** 24h total against the mean day of the baseline (e.g. 2.7 = 2.7x). */
  baselineRatio?: Fact | undefined;
  /** How many days the baseline is made of (up to 30). */
  baselineDays?: Fact | undefined;
  /** Exchange ids whose streams were collected. */
  exchanges: string[];
  /** Share (0..1) of the 24h window that was collected. */
  collectedShare: number;
  /** When collection began, when that is inside the 30-day window. */
  collectingSince?: Fact | undefined;
  /** The largest single liquidation of the 24h window, with its time (a `datetime` fact). */
  largest?: { coin: string; side: 'long' | 'short'; usd: Fact; exchange: string; at?: Fact | undefined } | undefined;
}

/** Realized volatility against its norm. */
export interface VolatilityFacts {
  /** Last 24h hourly-return volatility over the 30-day norm (e.g. 2.4). */
  ratio?: Fact | undefined;
  /** A normal day's move, in percent (one standard deviation of daily returns implied by hourly ones). */
  typicalDayPct: Fact;
  /** The 24h move in standard deviations of a normal day (a `multiple`: 5.1 = 5.1x a normal day). */
  moveSigma?: Fact | undefined;
  /** Days of hourly history the norm is computed from (about 30 when the full month is there). */
  baselineDays: Fact;
}

/** Fear & Greed (or a similar index). Extension point; absent until a sentiment source is gathered. */
export interface SentimentFacts {
  value: Fact;
  classification: string;
}

/** A large holder's unrealized profit or loss. Extension point; absent without a holders file. */
export interface HolderFacts {
  name: string;
  coin: string;
  /** Negative when under water. */
  unrealized: Fact;
}

/** A non-crypto reference market (tokenized gold) over the same day. */
export interface ReferenceFacts {
  base: string;
  /** For people: "tokenized gold (PAXG)". */
  label: string;
  change: Fact;
  price: Fact;
}

/** How broad the move is across the exchange's perpetual markets, and what reference assets did. */
export interface BreadthFacts {
  markets?: Fact | undefined;
  down?: Fact | undefined;
  up?: Fact | undefined;
  /** Percent of markets down on the day. */
  downShare?: Fact | undefined;
  /** Median 24h change of the markets. */
  median?: Fact | undefined;
  references: ReferenceFacts[];
}

/** A candidate cause of the move. */
export type DriverId =
  | 'liquidation-cascade'
  | 'leverage-unwind'
  | 'level-break'
  | 'alt-stress'
  | 'negative-funding'
  | 'sentiment'
  | 'volatility-shock'
  | 'cross-asset';

/** A driver that the data supports, with a score in 0..1 and the facts behind it. */
export interface Driver {
  id: DriverId;
  score: number;
  factIds: string[];
}

/** Everything the analysis found, ready for narrate. */
export interface Facts {
  scope: Scope;
  /** Epoch ms the analysis is as of. */
  asOf: number;
  exchange: string;
  exchangeName: string;
  /** The replayed moment, when the snapshot is a replay. */
  replayAt?: Fact | undefined;
  /** The newest data time used (for the footer). */
  dataAsOf?: Fact | undefined;
  regime: Regime;
  direction: MoveDirection;
  /** The headline move: the basket (market, two coins or more), else the focus coin, else the coin. */
  move?: Fact | undefined;
  /** The coin the article leads with (BTC in a market article; the coin in a per-coin article). */
  focus: CoinFacts;
  /** Every tracked coin in configured order (market), or the coin (per-coin); includes the focus coin. */
  coins: CoinFacts[];
  /**
   * The coin moves are measured against (BTC): in a market article the focus coin itself; in a per-coin article
   * BTC's own facts (absent for `/why btc` or when BTC has no fresh data).
   */
  benchmark?: CoinFacts | undefined;
  basket?: BasketFacts | undefined;
  levels: LevelFacts;
  extreme?: ExtremeFacts | undefined;
  /** The worst-hit coin, ETH against BTC and how far the alts went against BTC (market scope). */
  alts?: AltFacts | undefined;
  /** Alts whose 24h liquidations outweigh the focus coin's and make a quarter of the total (market scope). */
  liquidationStandouts?: CoinLiquidation[] | undefined;
  /** Mean correlation of the alts' hourly returns with the focus coin (market scope). */
  altCorrelation?: Fact | undefined;
  /** Days of hourly history of the focus coin (what "the past month" of volatility and correlation really covers). */
  hourlyDays?: Fact | undefined;
  openInterest?: OpenInterestFacts | undefined;
  /** Open interest and funding across venues, ranked against whybot's records (market scope). */
  marketLeverage?: MarketLeverageFacts | undefined;
  funding?: FundingFacts | undefined;
  liquidations?: LiquidationFacts | undefined;
  volatility?: VolatilityFacts | undefined;
  sentiment?: SentimentFacts | undefined;
  holders: HolderFacts[];
  /** Breadth across the exchange's perpetuals and cross-asset references (market scope; references in both). */
  breadth?: BreadthFacts | undefined;
  /** Headlines lined up in time with the move; absent when no feeds were read or there was no move. */
  news?: import('./news.ts').NewsFacts | undefined;
  /** On a falling day, a record high made earlier in the same 24 hours (the day turned after a record). */
  recordBeforeFall?: ExtremeFacts | undefined;
  /** The past 24 hours of the focus coin: high, low, rebound. */
  dayRange?: DayRangeFacts | undefined;
  /** A perpetual wick far beyond spot in the same candle, when the snapshot holds spot candles. */
  perpSpot?: PerpSpotFacts | undefined;
  /** The day's swing inside it, when it was far larger than the close-to-close change (it then leads the headline). */
  intraday?: IntradayFacts | undefined;
  /** The week, the month, the peak of the data, runs of days, place in the range. */
  arc?: ArcFacts | undefined;
  /** Year and month to date, runs of weeks, the 50- and 200-day averages (periods.ts). */
  periods?: PeriodFacts | undefined;
  /** "Biggest one-day fall since", "first close below since", and past days like this one (history.ts). */
  history?: HistoryFacts | undefined;
  /** When the move happened and how fast. */
  pace?: PaceFacts | undefined;
  /** Scheduled events lined up with the move, and those around now (for digests). */
  calendar?: CalendarFacts | undefined;
  /** Markets beyond crypto over the move's hours, and whether the move went beyond crypto. */
  markets?: MarketsFacts | undefined;
  /** US spot ETF daily net flows (the latest day per product). */
  flows?: FlowsFacts | undefined;
  /** Volume against its norm (absent when the volume column is zero or missing). */
  volume?: VolumeFacts | undefined;
  /** A round number crossed over the day. */
  roundCross?: RoundCrossFacts | undefined;
  /** The largest stretch of missing hourly candles in the data the article reads. */
  dataGap?: DataGapFacts | undefined;
  /** Derivatives sources the snapshot lacked (for "no liquidation data was available"): names for people. */
  lacking: string[];
  /** Ranked, strongest first; weak candidates are dropped. */
  drivers: Driver[];
  /** The one driver the lede names, by the rules in cause.ts (or that no single trigger shows). */
  cause: import('./cause.ts').Cause;
  /** How the measures read against their thresholds (the same numbers the drivers use). */
  readings: import('./readings.ts').Readings;
  /** No driver stands out and the move is within normal volatility. */
  withinNormal: boolean;
  /** Every distinct source behind a stated fact. */
  sources: string[];
  /** Parts that were missing or stale, with the reason (for logs and /status, never printed as numbers). */
  gaps: string[];
}

/** The data behind a windowed figure: `full` when it covers the whole window the figure is named for. */
export interface DataWindow {
  /** The length of the data, as a `count` of hours or `days` (for "the past 6 hours of data"). */
  length: Fact;
  lengthUnit: 'hours' | 'days';
  full: boolean;
  span: import('./fact.ts').DataSpan;
}

/** A figure over a window, named honestly. */
export interface WindowFigure extends DataWindow {
  value: Fact;
}

/** The past 24 hours of the focus coin from its finest candles: the wick, the range, the rebound. */
export interface DayRangeFacts {
  high: Fact;
  /** Open time of the candle that made the high (a `datetime`); the price's own time when the price is the high. */
  highAt: Fact;
  /** Length in ms of the candle that made the high (3600000 for an hourly candle; 0 when the price now is the high). */
  highMs: number;
  low: Fact;
  lowAt: Fact;
  lowMs: number;
  /** The deepest fall inside the day, from a high to a later low (percent negative). */
  maxFall?: DaySwing | undefined;
  /** The largest rise inside the day, from a low to a later high. */
  maxRise?: DaySwing | undefined;
  /** Percent from the low up to the price now (absent when the price is at the low). */
  rebound?: Fact | undefined;
  /** Percent from the high down to the price now. */
  offHigh?: Fact | undefined;
  /** How much data the range is made of: 24 hours, or fewer when candles are missing. */
  window: DataWindow;
  /** The change over the window's real span; only stated when the 24h change is unknown. */
  change?: WindowFigure | undefined;
}

/** A move inside the day between two traded prices, in time order, and the candles (their length in ms) that made them. */
export interface DaySwing {
  pct: Fact;
  from: Fact;
  to: Fact;
  fromAt: Fact;
  toAt: Fact;
  fromMs: number;
  toMs: number;
}

/**
 * A day whose move inside it was far larger than its close-to-close change (a V-shaped plunge and recovery, or a
 * spike given back): the swing, and which way it went. See regime.ts for the thresholds.
 */
export interface IntradayFacts {
  kind: 'plunge' | 'spike';
  swing: DaySwing;
}

/** The widest gap of the day between the perpetual and spot in the same candle (below on a fall, above on a rise). */
export interface PerpSpotFacts {
  /** Percent from spot to the perpetual (negative: the perpetual below spot). */
  gap: Fact;
  /** Open time of the candle, and its length in ms. */
  at: Fact;
  ms: number;
  perp: Fact;
  spot: Fact;
}

/** The longer arc: week and month, the peak of the data, runs of days, where the price sits in its range. */
export interface ArcFacts {
  week?: WindowFigure | undefined;
  month?: WindowFigure | undefined;
  /** The highest price in the data (intraday), when above the price now. */
  peak?: {
    price: Fact;
    /** The day it was made (a `date`). */
    at: Fact;
    /** Percent down from it (negative). */
    drawdown: Fact;
    /** Days of data the peak is the highest of. */
    dataDays: Fact;
  };
  /** Consecutive closed UTC days that closed lower (losing) or higher (winning), three or more. */
  run?: { kind: 'losing' | 'winning'; days: Fact } | undefined;
  /** Where the price sits in the range of the hourly data (0 = at the low, 100 = at the high). */
  range?: { position: Fact; low: Fact; high: Fact; window: DataWindow } | undefined;
}

/** When the move happened and how fast: the worst leg of the day, its fastest stretch and session, and the last hours. */
export interface PaceFacts {
  leg?: {
    from: Fact;
    to: Fact;
    /** The size of the leg in dollars. */
    size: Fact;
    /** How long the leg took, from the open of its first candle to the close of its last. */
    duration: import('./pace.ts').Duration;
    start: Fact;
    end: Fact;
    /** The start of the fastest stretch (the largest move the day's way within two candles or half an hour). */
    peakHour: Fact;
    /** The size of that stretch in dollars, and how long it took at the finest resolution of the data. */
    burstSize: Fact;
    burstDuration: import('./pace.ts').Duration;
    /** The trading session the fastest stretch began in, by the real market hours. */
    session: import('./sessions.ts').Session;
    /** True when the leg began before the 24-hour window (traced back to its real start in the data). */
    traced: boolean;
  };
  /** The last three hours: still going the day's way, bouncing off their low, slipping off their high, or steady. */
  recent?: {
    change: Fact;
    hours: Fact;
    state: 'falling' | 'rising' | 'steady' | 'bouncing' | 'slipping' | 'mixed';
    /** For a bounce (slip): how far the price is off the low (high) of the three hours, and when that was. */
    turn?: Fact | undefined;
    turnAt?: Fact | undefined;
    /** The length of the candle that made that low (high), ms. */
    turnMs?: number | undefined;
  };
}

/** Volume against its own norm, from the candles' volume column. */
export interface VolumeFacts {
  /** Mean hourly volume during the worst leg (or the day) over the mean hourly volume of the data. */
  ratio: Fact;
  during: 'leg' | 'day';
  baseline: DataWindow;
}

/** A round number crossed over the day ("below $50,000 for the first time since ..."). */
export interface RoundCrossFacts {
  level: Fact;
  side: 'below' | 'above';
  /** The last day the price traded on that side of the level before today (intraday lows/highs). */
  since?: Fact | undefined;
  /** Days between that day and now (for "in nearly a year"). */
  sinceDays?: number | undefined;
  /** Days of data, when the price never traded there in the data. */
  dataDays?: Fact | undefined;
}

/** A stretch of missing candles in the data the article reads. */
export interface DataGapFacts {
  from: Fact;
  to: Fact;
}

/** Scheduled events against the move (src/analyse/calendar.ts). */
export interface CalendarFacts {
  /** The nearest event the move (its start, else its fastest stretch) began within six hours after, or in the same hour as. */
  beforeMove?:
    | {
        kind: import('../gather/types.ts').CalendarKind;
        /** Which part of the move it lines up with: before its start or its fastest stretch, or inside that stretch. */
        stretch: 'start' | 'fastest' | 'during';
        /** The event's time and the start of the move's leg (datetimes). */
        at: Fact;
        start: Fact;
        /** The event fell inside the hour the move began in. */
        sameHour: boolean;
        /** The event's time is only the earliest expected (Bank of Japan). */
        approximate: boolean;
        /** Minutes (under two hours) or whole hours from the event to the start. */
        minutes?: Fact | undefined;
        hours?: Fact | undefined;
        /** The official schedule (http(s)). */
        link: string;
      }
    | undefined;
  /** Every event from six hours before the move's start to its end, as evidence for the cause line. */
  evidence: import('../core/evidence.ts').AlignedEvidence[];
  /** Events from a day before now to two days after (digests pick today's and tomorrow's in their zone). */
  nearNow: import('../gather/types.ts').CalendarEvent[];
  /** Listed kinds whose dates have run out (the calendar cannot say whether they are scheduled). */
  runOut: Array<import('../gather/types.ts').CalendarKind>;
}

/** Markets beyond crypto over the crypto move's window (src/analyse/markets.ts). */
export interface MarketsFacts {
  /** Each market with data: closed (no trade in the window), or its change while it traded. */
  markets: Array<{
    id: import('../gather/types.ts').MarketId;
    closed: boolean;
    change?: Fact | undefined;
    /** It traded for only part of the window (opened or closed inside it). */
    partial?: boolean | undefined;
  }>;
  /** beyond-crypto: a stock index future moved the same way by CROSS_MARKET_PCT or more; crypto-alone: all within
   * QUIET_PCT or against it; closed: every stock index future was closed; absent: mixed, or a flat day. */
  verdict?: 'beyond-crypto' | 'crypto-alone' | 'closed' | undefined;
  /** Markets that moved CROSS_MARKET_PCT or more, as evidence for the cause line. */
  evidence: import('../core/evidence.ts').Evidence[];
}

/** US spot ETF daily net flows (src/analyse/flows.ts). */
export interface FlowsFacts {
  latest: Array<{
    product: 'us-spot-btc-etf' | 'us-spot-eth-etf';
    /** The day's net flow in USD (negative: outflow) and the day (a date). */
    net: Fact;
    day: Fact;
    /** Its rank among the file's days of the same sign (1-3 only), and how many days of flows the file holds. */
    rank?: number | undefined;
    fileDays?: Fact | undefined;
  }>;
  evidence: import('../core/evidence.ts').Evidence[];
}
