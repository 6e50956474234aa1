// Whether a level the day broke had really held before: the daily closes before the day, read for the last one on
// the far side of the level. "Had held" is said only over a span of data with no such close; otherwise the article
// says when the level was last lost and reclaimed.
import type { Candle } from '../gather/types.ts';
import { fact } from './fact.ts';
import type { Level, LevelHistory, MoveDirection } from './facts.ts';
import { DAY, spanDays } from './spans.ts';

/** What the history of a broken level reads. */
export interface LevelHistoryInputs {
  coin: string;
  level: Level;
  direction: MoveDirection;
  daily: readonly Candle[];
  source: string;
  /** The start of the day the level broke in (closes from here on are the move itself). */
  before: number;
}

/** The level's history over the daily closes before the day, or undefined without any. */
export function levelHistory(inp: LevelHistoryInputs): LevelHistory | undefined {
  const closes = inp.daily.filter((c) => c.t + DAY <= inp.before);
  const first = closes[0];
  if (!first || inp.direction === 'flat') return undefined;
  const down = inp.direction === 'down';
  const p = inp.level.price.value;
  const src = `computed from ${inp.source}`;
  const last = [...closes].reverse().find((c) => (down ? c.c < p : c.c > p));
  if (last) {
    const at = fact(
      `${inp.coin}.brokenLevel.lastCrossed`,
      `${inp.coin} last daily close ${down ? 'below' : 'above'} the level before the day`,
      last.t,
      'date',
      src,
      inp.before,
    );
    return at ? { held: false, lastCrossed: at } : undefined;
  }
  const span = { from: first.t, to: closes[closes.length - 1]!.t + DAY };
  const days = fact(
    `${inp.coin}.brokenLevel.heldDays`,
    `Days of daily closes the ${inp.coin} level held`,
    spanDays(span),
    'days',
    src,
    span.to,
    span,
  );
  // A week of closes at least: "held" over a few days says nothing.
  return days && days.value >= 7 ? { held: true, days } : undefined;
}
