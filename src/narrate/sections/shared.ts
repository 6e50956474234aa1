// Helpers every section's context builder shares: up/down tests on printed changes, and honest window names.
import type { Fact } from '../../analyse/fact.ts';
import type { DataWindow } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';

/** True when the printed change is not "0.0%" and the value is below zero. */
export function isDown(f: Fact | undefined, text: string | null): boolean {
  return !!f && !!text && f.value < 0 && text !== '0.0%';
}

/** True when the printed change is not "0.0%" and the value is above zero. */
export function isUp(f: Fact | undefined, text: string | null): boolean {
  return !!f && !!text && f.value > 0 && text !== '0.0%';
}

/**
 * How to name a window's data honestly: `named` ("the past day", "the past week", "the past month") when the data
 * covers all of it, otherwise "the past 6 hours of data" with the real length (a registered figure).
 */
export function spanText(w: DataWindow | undefined, named: string, book: FigureBook): string | null {
  if (!w) return null;
  if (w.full) return named;
  const n = book.text(w.length);
  if (!n) return null;
  const one = w.length.value === 1;
  return `the past ${n} ${w.lengthUnit === 'hours' ? (one ? 'hour' : 'hours') : one ? 'day' : 'days'} of data`;
}
