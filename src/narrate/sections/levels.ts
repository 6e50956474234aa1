// Context for support and resistance. A level that is the day's low or high is named as such rather than printed
// again; a level that is only a round number says so.
import type { Facts, Level } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';

/** One level: its printed price (or its name when that price is already stated), grade and kind. */
function levelCtx(l: Level | undefined, book: FigureBook, named: Record<string, string>) {
  if (!l) return null;
  const price = book.text(l.price);
  if (!price) return null;
  const roundOnly = l.kinds.length === 1 && l.kinds[0] === 'round';
  const label = named[price] ?? (roundOnly ? book.words.t('level.round', { price }) : price);
  return {
    price,
    label,
    grade: l.grade,
    strong: l.grade === 'strong',
    round: l.kinds.includes('round'),
    round_only: roundOnly,
    named: !!named[price],
  };
}

/** The levels part of the context. */
export function levelsCtx(f: Facts, book: FigureBook) {
  const named: Record<string, string> = {};
  const low = book.text(f.dayRange?.low);
  const high = book.text(f.dayRange?.high);
  if (low) named[low] = book.words.t('level.day_low');
  if (high) named[high] = book.words.t('level.day_high');
  // The round number the day crossed is stated in the trigger; a level at the same price refers back to it.
  const cross = book.text(f.roundCross?.level);
  if (cross && !named[cross])
    named[cross] = book.words.t(f.roundCross!.side === 'below' ? 'level.round_lost' : 'level.round_cleared');
  const supports = f.levels.supports.map((l) => levelCtx(l, book, named)).filter((l) => l !== null);
  // The level broken is printed by its price: on a fall it lies above the day's low, on a rise below the day's high.
  const b = levelCtx(f.levels.broken, book, {});
  const h = f.levels.broken?.history;
  // "Held" and "well-tested" only over data that shows it; a level lost before says when.
  const broken = b
    ? {
        ...b,
        held_days: h?.held ? book.text(h.days) : null,
        last_crossed: h && !h.held ? book.text(h.lastCrossed) : null,
      }
    : null;
  let resistance = levelCtx(f.levels.resistance, book, named);
  if (resistance && broken && resistance.price === broken.price)
    resistance = { ...resistance, label: book.words.t('level.broke'), named: true };
  return {
    any: supports.length > 0 || !!resistance,
    supports,
    list: supports.length ? book.words.list(supports.map((s) => s.label)) : null,
    first: supports[0] ?? null,
    second: supports[1] ?? null,
    single: supports.length === 1,
    resistance,
    broken,
  };
}
