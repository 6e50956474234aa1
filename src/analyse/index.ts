// Public surface of the analysis layer (pure: snapshot in, Facts out).
export { analyseCoin, analyseMarket } from './analyse.ts';
export { collectFacts, isFact } from './collect.ts';
export { fact, type DataSpan, type Fact, type FactUnit } from './fact.ts';
export type * from './facts.ts';
export {
  defaultAnalysisOptions,
  resolveAnalysisOptions,
  type AnalysisOptions,
  type AnalysisOptionsInput,
} from './options.ts';
export { classifyRegime, directionOf, marketRegime } from './regime.ts';
export { basketChange } from './basket.ts';
export { findLevels, levelCandidates, roundSteps, swingPivots, volumeNodes } from './levels.ts';
export { extremeSince } from './extremes.ts';
export { alignedReturns, compareWithBenchmark } from './against-benchmark.ts';
export { openInterestFacts } from './open-interest.ts';
export { fundingFacts } from './funding.ts';
export { liquidationFacts } from './liquidations.ts';
export { volatilityFacts } from './volatility.ts';
export { sentimentFacts } from './sentiment.ts';
export { holderFacts } from './holders.ts';
export { breadthFacts } from './breadth.ts';
export { rankDrivers } from './drivers.ts';
export { viewOf, type MarketView, type Series } from './view.ts';
export { dayRangeFacts } from './day-range.ts';
export { arcFacts } from './arc.ts';
export { paceFacts } from './pace.ts';
export { volumeFacts } from './volume.ts';
export { roundCrossFacts } from './round-cross.ts';
export { periodFacts, closedWeeks, weekStart, averageClose, type PeriodFacts } from './periods.ts';
export { historyFacts, analogueDays, type HistoryFacts } from './history.ts';
export { dataWindow, gapsIn, spanLength, windowFigure, windowOf } from './spans.ts';
export { sessionOf, type Session } from './sessions.ts';
export { fastestStretch, pathWindow, pricePath, worstLeg, type PathCandle } from './price-path.ts';
