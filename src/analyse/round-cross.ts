// A round number crossed over the day, the way people say it: "below $55,000 for the first time since 26 February"
// (or "in the N days of data"). Measured on intraday prices: the last earlier candle that traded on that side.
import { earlierCandles, type ExtremeInputs } from './extremes.ts';
import { fact, type Fact } from './fact.ts';
import type { RoundCrossFacts } from './facts.ts';
import { roundSteps } from './levels.ts';
import { DAY, spanDays } from './spans.ts';

/** What the crossing reads: the extreme's candles and range, the price, and how old a crossing must be. */
export interface RoundCrossInputs extends Omit<ExtremeInputs, 'opts'> {
  price: Fact;
  /** A crossing last seen fewer days ago than this is not news. */
  minAgeDays: number;
}

/** The major round number the price crossed over the day, or undefined. */
export function roundCrossFacts(inp: RoundCrossInputs): RoundCrossFacts | undefined {
  if (inp.direction === 'flat') return undefined;
  const { coin, dayRange } = inp;
  const p = inp.price.value;
  const { major } = roundSteps(p);
  const below = inp.direction === 'down';
  // Falling: the lowest round number between the price and the day's high; rising: the highest above the day's low.
  const level = below ? Math.ceil(p / major) * major : Math.floor(p / major) * major;
  if (!(level > 0) || level === p || (below ? level >= dayRange.high.value : level <= dayRange.low.value))
    return undefined;
  const earlier = earlierCandles(inp.hourly, inp.hourlySource, inp.daily, inp.dailySource, dayRange.window.span.from);
  if (earlier.length === 0) return undefined;
  const asOf = dayRange.window.span.to;
  const levelFact = fact(
    `${coin}.round.level`,
    `${coin} round number crossed`,
    level,
    'price',
    `round number crossed by ${inp.price.source}`,
    inp.price.asOf,
  );
  if (!levelFact) return undefined;
  const side = below ? 'below' : 'above';
  const hit = earlier.find((e) => (below ? e.candle.l < level : e.candle.h > level));
  if (hit) {
    const sinceDays = Math.floor((inp.now - hit.candle.t) / DAY);
    if (sinceDays < inp.minAgeDays) return undefined;
    const since = fact(
      `${coin}.round.since`,
      `${coin} last traded ${side} the round number`,
      hit.candle.t,
      'date',
      `computed from ${hit.source}`,
      asOf,
    );
    return since ? { level: levelFact, side, since, sinceDays } : undefined;
  }
  const span = { from: earlier[earlier.length - 1]!.candle.t, to: asOf };
  const days = spanDays(span);
  if (days < 3) return undefined;
  const dataDays = fact(
    `${coin}.round.dataDays`,
    `Days of ${coin} data`,
    days,
    'days',
    `computed from ${inp.hourlySource}`,
    asOf,
    span,
  );
  return dataDays ? { level: levelFact, side, dataDays } : undefined;
}
