// The article's structure follows what happened: the shape of the day decides which sections come first. A V-shaped
// day leads with the plunge and the forced selling beside it, a leverage flush with the liquidations, a slow grind
// with the longer arc and the weeks behind it, a breakout with the level cleared and what lies beyond it; any other
// day keeps the house order. The lede (and what was reported) always opens and the bottom line always closes. Pure.
import type { Facts } from '../analyse/facts.ts';
import { SECTION_IDS } from './context.ts';

/** The shapes of a day the article's structure follows. */
export type DayShape = 'v-shape' | 'flush' | 'grind' | 'breakout' | 'ordinary';

/** A section's id. */
type SectionId = (typeof SECTION_IDS)[number];

/** The opening and closing sections, the same on every day. */
const OPENING: readonly SectionId[] = ['lede', 'reported'];
const CLOSING: readonly SectionId[] = ['bottom-line'];

/** The sections between the opening (lede, reported) and the bottom line, by shape. */
const MIDDLE: Readonly<Record<DayShape, readonly SectionId[]>> = {
  // the house order (SECTION_IDS): the move, its longer arc, the calendar, the record, leverage, breadth, levels
  ordinary: SECTION_IDS.filter((id) => !OPENING.includes(id) && !CLOSING.includes(id)),
  // the plunge and rebound first, then the forced selling and leverage that make a V, then where it stands
  'v-shape': ['trigger', 'liquidations', 'leverage', 'spread', 'watch', 'arc', 'record', 'periods'],
  // the liquidations are the story; the move and its setting follow
  flush: ['liquidations', 'leverage', 'trigger', 'spread', 'arc', 'record', 'periods', 'watch'],
  // days and weeks in the making: the longer arc and the calendar before today's stretch
  grind: ['arc', 'periods', 'trigger', 'record', 'leverage', 'liquidations', 'spread', 'watch'],
  // a level cleared: the move, then the levels ahead, then the record and the leverage behind it
  breakout: ['trigger', 'watch', 'record', 'leverage', 'liquidations', 'spread', 'arc', 'periods'],
};

/**
 * The shape of the day, by written rules, the first that holds: a swing inside the day far larger than its
 * close-to-close change (v-shape); a lede naming a leverage flush (flush); a leg that began before the 24-hour
 * window, or a third week in a row the move's way (grind); a rise through a level (breakout); else ordinary.
 */
export function dayShape(f: Facts): DayShape {
  if (f.direction === 'flat') return 'ordinary';
  if (f.intraday) return 'v-shape';
  if (f.cause.kind === 'leverage') return 'flush';
  const weeks = f.periods?.weeks;
  const weeksTheMoveWay =
    weeks !== undefined && weeks.kind === (f.direction === 'down' ? 'losing' : 'winning') && weeks.weeks.value >= 3;
  if (f.pace?.leg?.traced || weeksTheMoveWay) return 'grind';
  if (f.direction === 'up' && f.levels.broken) return 'breakout';
  return 'ordinary';
}

/** Every section id in the order this day's article states them. */
export function sectionOrder(f: Facts): readonly SectionId[] {
  return [...OPENING, ...MIDDLE[dayShape(f)], ...CLOSING];
}
