// Readings: the words a template may use about a measure ("far above normal", "elevated", "calm", "a big move"),
// decided here from the same option values the drivers use, so the article's wording and the driver ranking never
// disagree about what counts as high. Pure.
import type { DriverInputs } from './drivers.ts';
import type { AnalysisOptions } from './options.ts';

/** How a measure reads against its thresholds. */
export interface Readings {
  /** The day's liquidations against a normal day: high at drivers.liquidationRatio or more, low under readings.liquidationLowRatio. */
  liquidations?: 'high' | 'normal' | 'low' | undefined;
  /** Hourly swings against their norm: elevated at drivers.volatilityRatio or more, calm at readings.calmVolatilityRatio or less. */
  volatility?: 'elevated' | 'normal' | 'calm' | undefined;
  /** The move is at least readings.bigMoveSigma normal days. */
  bigMove: boolean;
}

/** The readings of the facts under these options. */
export function readingsOf(f: DriverInputs, o: AnalysisOptions): Readings {
  const ratio = f.liquidations?.baselineRatio?.value;
  const vol = f.volatility?.ratio?.value;
  const sigma = f.volatility?.moveSigma?.value;
  return {
    liquidations:
      ratio === undefined
        ? undefined
        : ratio >= o.drivers.liquidationRatio
          ? 'high'
          : ratio < o.readings.liquidationLowRatio
            ? 'low'
            : 'normal',
    volatility:
      vol === undefined
        ? undefined
        : vol >= o.drivers.volatilityRatio
          ? 'elevated'
          : vol <= o.readings.calmVolatilityRatio
            ? 'calm'
            : 'normal',
    bigMove: sigma !== undefined && sigma >= o.readings.bigMoveSigma,
  };
}
