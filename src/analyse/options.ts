// Analysis settings: every threshold the analysis uses, with defaults that configuration may override.

/** Every threshold of the analysis. Percentages are in percent (-8 means -8%). */
export interface AnalysisOptions {
  /** Epoch ms the analysis is "as of"; defaults to the snapshot's builtAt. Time is always an argument. */
  now?: number | undefined;
  /** Write about one coin (a `/why sol` article) instead of the whole market. */
  coin?: string | undefined;
  /** The coin the market article leads with and measures alts against. */
  focusCoin: string;
  /** Basket weights by coin; coins not listed get no weight. Undefined means equal weights. */
  basketWeights?: Record<string, number> | undefined;
  /** Regime thresholds on the 24h change, in percent. */
  regime: {
    /** At or below: crash. */
    crashPct: number;
    /** At or below: sell-off. Between this and -flatBandPct: dip. */
    selloffPct: number;
    /** Within plus or minus this: flat. */
    flatBandPct: number;
    /** At or above: rally. Between flatBandPct and this: rise. */
    rallyPct: number;
    /**
     * The intraday measure: a fall from a high to a later low inside the day (or a rise from a low to a later
     * high) counts at `intradayWeight` of its size; it is the day's story when that is a sell-off (rally) and the
     * swing is at least `intradayRatio` times the close-to-close change. See regime.ts.
     */
    intradayRatio: number;
    intradayWeight: number;
    /** A perpetual wick beyond spot in the same candle is named from this gap, in percent. */
    perpSpotGapPct: number;
  };
  /** Support and resistance detection. */
  levels: {
    /** Pivots within this percent of each other form one level. */
    clusterPct: number;
    /** Only levels within this percent of the price are considered. */
    maxDistancePct: number;
    /** A level must be at least this percent away from the price. */
    minGapPct: number;
    /** Bars on each side that make an hourly swing high/low. */
    hourlySwingBars: number;
    /** Bars on each side that make a daily swing high/low. */
    dailySwingBars: number;
    /** Daily pivots older than this many days are ignored. */
    dailyLookbackDays: number;
    /** Minimum raw score of a level to be named (a major round number alone scores 1.5). */
    minScore: number;
    /** How many supports to name at most. */
    maxSupports: number;
  };
  /** "Lowest/highest since" detection. */
  extremes: {
    /** A "since" date closer than this many days is not worth saying. */
    minAgeDays: number;
    /** "In the N days of data available" needs at least this many days. */
    minDataDays: number;
  };
  /** Data older than this (ms before `now`) is stale and is not stated. */
  maxAgeMs: {
    ticker: number;
    hourly: number;
    daily: number;
    openInterest: number;
    funding: number;
    liquidations: number;
    sentiment: number;
    holders: number;
  };
  /** Alt moves against the focus coin. */
  alts: {
    /** An alt is "hit harder" when its move exceeds the focus coin's by this factor... */
    harderFactor: number;
    /** ...and by at least this many percentage points. */
    harderMinPoints: number;
    /** Ratios against the focus coin are only computed when its move is at least this big (percent). */
    minFocusMovePct: number;
    /** Hourly returns needed for beta and correlation. */
    minReturns: number;
  };
  /** Volatility: a move within this many standard deviations of a normal day is "within normal volatility". */
  volatility: { normalMoveSigma: number; minBaselineReturns: number };
  /** Liquidations: days of baseline needed before comparing with it. */
  liquidations: { minBaselineDays: number };
  /** Drivers: thresholds at which a candidate cause starts to count, and the score below which it is dropped. */
  drivers: {
    minScore: number;
    liquidationRatio: number;
    oiDropPct: number;
    oiMonthDropPct: number;
    fearIndex: number;
    greedIndex: number;
    volatilityRatio: number;
    /** A reference asset (tokenized gold) moving this many percent the same way counts as cross-asset stress. */
    crossAssetPct: number;
  };
  /** Where wording changes (see readings.ts); the "high" ends are the drivers' own thresholds. */
  readings: {
    /** Liquidations under this multiple of a normal day read as low. */
    liquidationLowRatio: number;
    /** Hourly swings at or under this multiple of their norm read as calm. */
    calmVolatilityRatio: number;
    /** A move of at least this many normal days is a big move. */
    bigMoveSigma: number;
  };
}

/** Every option except the optional ones may be overridden partially. */
export type AnalysisOptionsInput = Partial<
  Omit<
    AnalysisOptions,
    'regime' | 'levels' | 'extremes' | 'maxAgeMs' | 'alts' | 'volatility' | 'liquidations' | 'drivers' | 'readings'
  >
> & {
  regime?: Partial<AnalysisOptions['regime']> | undefined;
  levels?: Partial<AnalysisOptions['levels']> | undefined;
  extremes?: Partial<AnalysisOptions['extremes']> | undefined;
  maxAgeMs?: Partial<AnalysisOptions['maxAgeMs']> | undefined;
  alts?: Partial<AnalysisOptions['alts']> | undefined;
  volatility?: Partial<AnalysisOptions['volatility']> | undefined;
  liquidations?: Partial<AnalysisOptions['liquidations']> | undefined;
  drivers?: Partial<AnalysisOptions['drivers']> | undefined;
  readings?: Partial<AnalysisOptions['readings']> | undefined;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The defaults; configuration overrides any of them through `resolveAnalysisOptions`. */
export const defaultAnalysisOptions: AnalysisOptions = Object.freeze({
  focusCoin: 'BTC',
  regime: {
    crashPct: -8,
    selloffPct: -3,
    flatBandPct: 1,
    rallyPct: 5,
    intradayRatio: 2,
    intradayWeight: 0.5,
    perpSpotGapPct: 1,
  },
  levels: {
    clusterPct: 1,
    maxDistancePct: 25,
    minGapPct: 0.2,
    hourlySwingBars: 12,
    dailySwingBars: 3,
    dailyLookbackDays: 400,
    minScore: 1.5,
    maxSupports: 3,
  },
  extremes: { minAgeDays: 7, minDataDays: 3 },
  maxAgeMs: {
    ticker: 15 * MINUTE,
    hourly: 3 * HOUR,
    daily: 2 * DAY,
    openInterest: 3 * HOUR,
    funding: 12 * HOUR,
    liquidations: 2 * HOUR,
    sentiment: 2 * DAY,
    holders: 120 * DAY,
  },
  alts: { harderFactor: 1.2, harderMinPoints: 0.5, minFocusMovePct: 0.5, minReturns: 48 },
  volatility: { normalMoveSigma: 1, minBaselineReturns: 72 },
  liquidations: { minBaselineDays: 7 },
  drivers: {
    minScore: 0.25,
    liquidationRatio: 1.5,
    oiDropPct: -2,
    oiMonthDropPct: -15,
    fearIndex: 25,
    greedIndex: 75,
    volatilityRatio: 1.8,
    crossAssetPct: 1,
  },
  readings: { liquidationLowRatio: 0.8, calmVolatilityRatio: 0.7, bigMoveSigma: 2 },
}) as AnalysisOptions;

/** Merge partial options (from configuration) over the defaults, one level deep. */
export function resolveAnalysisOptions(input: AnalysisOptionsInput = {}): AnalysisOptions {
  const d = defaultAnalysisOptions;
  return {
    ...d,
    ...input,
    regime: { ...d.regime, ...input.regime },
    levels: { ...d.levels, ...input.levels },
    extremes: { ...d.extremes, ...input.extremes },
    maxAgeMs: { ...d.maxAgeMs, ...input.maxAgeMs },
    alts: { ...d.alts, ...input.alts },
    volatility: { ...d.volatility, ...input.volatility },
    liquidations: { ...d.liquidations, ...input.liquidations },
    drivers: { ...d.drivers, ...input.drivers },
    readings: { ...d.readings, ...input.readings },
  };
}
