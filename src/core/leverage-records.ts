// The thresholds of ranking leverage against whybot's records, shared by the source that picks which venues' records
// to compare on (src/gather/market-leverage/source.ts) and the analysis that ranks (src/analyse/market-leverage.ts).
// The rule is written out in docs/DESIGN.md ("Open interest across venues: which records a day is ranked on").

/** Days of records below which nothing is ranked (the article says how long the record is instead). */
export const MIN_RANK_DAYS = 30;

/**
 * A smaller set of venues may stand in for all of them in comparisons with history only while it holds at least
 * this share of today's open interest across all of them (a small venue's long history never speaks for the market).
 */
export const MIN_STAND_IN_SHARE = 1 / 3;
